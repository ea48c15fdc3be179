/** True when a write failed on a unique key, on MySQL/MariaDB or SQLite. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string; driverError?: { code?: string } } | undefined)?.code;
  const driverCode = (error as { driverError?: { code?: string } } | undefined)?.driverError?.code;

  return [code, driverCode].some(
    (value) =>
      value === 'ER_DUP_ENTRY' ||
      value === 'SQLITE_CONSTRAINT_UNIQUE' ||
      value === 'SQLITE_CONSTRAINT_PRIMARYKEY',
  );
}
