/** Characters that start a chat command; a code starting with one could never be searched. */
export const COMMAND_CHARACTERS = ['#', '＃', '?', '？', '$', '￥', '¥', '＄'];

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The code as compared for uniqueness: trimmed, Latin letters case-folded. */
export function codeKey(code: string): string {
  return code.trim().replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

/** Why a code cannot be used, or undefined when it can. */
export function codeProblem(code: string): string | undefined {
  const trimmed = code.trim();
  const length = [...trimmed].length;
  if (length < 1 || length > 32) {
    return 'code must be 1 to 32 characters';
  }
  if (COMMAND_CHARACTERS.some((command) => trimmed.startsWith(command))) {
    return `code must not start with a command character (${COMMAND_CHARACTERS.join(' ')})`;
  }
  if (CONTROL.test(trimmed)) {
    return 'code must not contain control characters';
  }

  return undefined;
}

const MUNICIPALITIES = ['北京', '上海', '天津', '重庆', '香港', '澳门'];

/**
 * The city of an address such as 湖北省武汉市武昌区 (→ 武汉) or 北京市朝阳区 (→ 北京), so that
 * "events in my city" is an indexed query. Undefined when the address names no city.
 */
export function cityOfAddress(address: string): string | undefined {
  const municipality = MUNICIPALITIES.find((name) => address.startsWith(name));
  if (municipality !== undefined) {
    return municipality;
  }

  const afterProvince = address.replace(/^.*?(省|自治区|特别行政区)/u, '');
  const city = /^(\p{Script=Han}{2,8}?)(市|自治州|地区|盟)/u.exec(afterProvince);

  return city?.[1];
}

/** A city as people write it (武汉, 武汉市), as stored: without the 市 suffix. */
export function normalizeCity(city: string): string {
  const trimmed = city.trim();

  return trimmed.length > 2 ? trimmed.replace(/市$/u, '') : trimmed;
}
