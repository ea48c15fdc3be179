export type Env = Readonly<Record<string, string | undefined>>;

/** Reads typed values from an environment, collecting every problem instead of stopping at one. */
export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  string(name: string, fallback: string): string;
  string(name: string): string | undefined;
  string(name: string, fallback?: string): string | undefined {
    const raw = this.env[name]?.trim();

    return raw === undefined || raw === '' ? fallback : raw;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.string(name);
    if (raw === undefined) {
      return fallback;
    }

    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || value < min || value > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);

      return fallback;
    }

    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.string(name)?.toLowerCase();
    if (raw === undefined) {
      return fallback;
    }
    if (['true', '1', 'yes'].includes(raw)) {
      return true;
    }
    if (['false', '0', 'no'].includes(raw)) {
      return false;
    }
    this.problems.push(`${name} must be true or false (got "${raw}")`);

    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.string(name)?.toLowerCase();
    if (raw === undefined) {
      return fallback;
    }
    if (!(allowed as readonly string[]).includes(raw)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);

      return fallback;
    }

    return raw as T;
  }

  url(name: string, protocols: readonly string[], fallback: string): string;
  url(name: string, protocols: readonly string[]): string | undefined;
  url(name: string, protocols: readonly string[], fallback?: string): string | undefined {
    const raw = this.string(name);
    if (raw === undefined) {
      return fallback;
    }
    if (!URL.canParse(raw) || !protocols.includes(new URL(raw).protocol)) {
      const shown = raw.replace(/\/\/[^@/]*@/, '//***@');
      this.problems.push(`${name} must be a ${protocols.join(' or ')} URL (got "${shown}")`);

      return fallback;
    }

    return raw.replace(/\/+$/, '');
  }

  list(name: string, fallback: string[]): string[] {
    const raw = this.string(name);

    return raw === undefined
      ? fallback
      : raw
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean);
  }

  /** Records a problem that only a combination of variables shows. */
  require(condition: boolean, problem: string): void {
    if (!condition) {
      this.problems.push(problem);
    }
  }
}
