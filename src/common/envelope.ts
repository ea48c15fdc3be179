export interface SuccessEnvelope<T> {
  status: 1;
  msg: 'ok';
  result: T;
}

export interface ErrorEnvelope {
  status: -1;
  msg: string;
  code: string;
}

export function ok<T>(result: T): SuccessEnvelope<T> {
  return { status: 1, msg: 'ok', result };
}

export function failure(code: string, msg: string): ErrorEnvelope {
  return { status: -1, msg, code };
}
