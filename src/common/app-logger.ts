import { LoggerService } from '@nestjs/common';

import { LogFormat, LogLevel } from '#src/config/app-config.js';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /token|secret|password|authorization|signature|^code$|ticket|mobile/i;
const MOBILE = /(?<!\d)(1\d{2})\d{4}(\d{4})(?!\d)/g;

export type LogFields = Record<string, unknown>;

/** Nest's own boot chatter: useful when debugging, noise beside our single start-up line. */
const FRAMEWORK_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/** Hides secrets a log line must never carry: credential fields and full mobile numbers. */
export function redact(value: unknown, key = ''): unknown {
  if (SECRET_KEY.test(key) && value !== undefined && value !== null) {
    return '[redacted]';
  }
  if (typeof value === 'string') {
    return value.replace(MOBILE, '$1****$2');
  }
  if (Array.isArray(value)) {
    return value.map((item) => redact(item));
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Error)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
  }

  return value;
}

/**
 * The process logger: JSON lines by default, one readable line each with LOG_FORMAT=pretty.
 * Nest's `Logger` instances (one per class, named after it) write through it.
 */
export class AppLogger implements LoggerService {
  constructor(
    private readonly level: LogLevel,
    private readonly format: LogFormat,
    private readonly write: (line: string) => void = (line) => process.stdout.write(line),
  ) {}

  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }

  log(message: unknown, ...rest: unknown[]): void {
    const context = rest.at(-1);
    const framework = typeof context === 'string' && FRAMEWORK_CONTEXTS.has(context);
    this.emit(framework ? 'debug' : 'info', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }

  isEnabled(level: LogLevel): boolean {
    return RANK[level] >= RANK[this.level];
  }

  private emit(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (!this.isEnabled(level)) {
      return;
    }

    // Nest passes (message, context) or, for errors, (message, stack, context).
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    const stack = level === 'error' && rest.length > 1 ? rest[0] : undefined;
    const fields: LogFields =
      message !== null && typeof message === 'object' && !(message instanceof Error)
        ? { ...(message as LogFields) }
        : { msg: message instanceof Error ? message.message : String(message) };
    if (typeof stack === 'string') {
      fields.stack = stack;
    }
    const line = {
      time: new Date().toISOString(),
      level,
      context,
      ...(redact(fields) as LogFields),
    };
    this.write(this.format === 'json' ? `${JSON.stringify(line)}\n` : pretty(line));
  }
}

function pretty(line: LogFields): string {
  const { time, level, context, msg, stack, ...fields } = line;
  const extra = Object.entries(fields)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  const head = `${String(time).slice(11, 23)} ${String(level).toUpperCase().padEnd(5)}`;
  const where = typeof context === 'string' ? ` [${context}]` : '';
  const tail = typeof stack === 'string' ? `\n${stack}` : '';

  return `${head}${where} ${String(msg)}${extra ? ` ${extra}` : ''}${tail}\n`;
}
