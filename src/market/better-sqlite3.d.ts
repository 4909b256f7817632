/**
 * The part of better-sqlite3 12.x that moemesh uses, typed by hand (the package ships no types and
 * `@types/better-sqlite3` is not a dependency). Only `src/market/store.ts` imports the module.
 */
declare module 'better-sqlite3' {
  export interface RunResult {
    changes: number
    lastInsertRowid: number | bigint
  }
  export interface Statement<P extends unknown[] = unknown[], R = unknown> {
    run: (...params: P) => RunResult
    get: (...params: P) => R | undefined
    all: (...params: P) => R[]
  }
  export interface SqliteOptions {
    readonly?: boolean
    fileMustExist?: boolean
    /** ms to wait for a lock held by another connection */
    timeout?: number
  }
  export interface SqliteDatabase {
    readonly open: boolean
    readonly inTransaction: boolean
    prepare: <P extends unknown[] = unknown[], R = unknown>(sql: string) => Statement<P, R>
    exec: (sql: string) => SqliteDatabase
    pragma: (source: string, options?: { simple?: boolean }) => unknown
    transaction: <F extends (...args: any[]) => any>(fn: F) => ((...args: Parameters<F>) => ReturnType<F>) & { immediate: (...args: Parameters<F>) => ReturnType<F> }
    close: () => SqliteDatabase
  }
  const Database: new (filename: string, options?: SqliteOptions) => SqliteDatabase
  export default Database
}
