/**
 * A FileSystem over the real one (use it in a temp directory) that injects
 * faults on demand and counts calls, for storage tests and anyone testing
 * against storage:
 * - `failWrites`: the Nth following write fails (ENOSPC by default),
 *   optionally torn — half the bytes land before the error;
 * - `failTruncates`, `failFdatasyncs`: the next ones fail;
 * - `holdFdatasyncs`: fdatasyncs wait until released, to observe concurrency;
 * - `crash()`: what a power cut leaves — every file cut back to the size it
 *   had at its last fdatasync (files never synced by this instance keep the
 *   size they had when first opened, or vanish to zero bytes if created here),
 *   and every fd dropped. The instance is dead afterwards (every call fails
 *   with EIO, as for a process that is gone): give the restarted code a new
 *   FaultyFileSystem. Fds are virtual numbers, never reused, so code still
 *   running from before the crash cannot touch a file opened after it.
 */
import { nodeFileSystem, type FileSystem } from '../../src/storage/index.js';

export interface FaultSpec {
  /** errno code of the injected error. */
  code?: string;
  /** How many matching calls succeed before the first failure (0 = the next one). */
  after?: number;
  /** How many consecutive calls fail. */
  times?: number;
  /** Only calls on paths for which this is true count. */
  match?: (path: string) => boolean;
}

interface ArmedFault {
  code: string;
  after: number;
  times: number;
  match: (path: string) => boolean;
  torn: boolean;
}

function errnoError(code: string, op: string, path: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`${code}: injected fault, ${op} '${path}'`);
  err.code = code;
  return err;
}

export class FaultyFileSystem implements FileSystem {
  writeCalls = 0;
  fdatasyncCalls = 0;
  /** The path of every fdatasync'ed file, in call order. */
  readonly fdatasyncPaths: string[] = [];
  /** Every directory fsync'ed, in call order. */
  readonly fsyncDirPaths: string[] = [];
  /** Virtual fd -> real fd and path. */
  private readonly files = new Map<number, { fd: number; path: string }>();
  private nextFd = 1000;
  private dead = false;
  /** Bytes of each file known to survive a crash. */
  private readonly durableBytes = new Map<string, number>();
  private writeFaults: ArmedFault[] = [];
  private truncateFaults: ArmedFault[] = [];
  private fdatasyncFaults: ArmedFault[] = [];
  private held: (() => void)[] | undefined;

  constructor(private readonly real: FileSystem = nodeFileSystem) {}

  failWrites(spec: FaultSpec & { torn?: boolean } = {}): void {
    this.writeFaults.push(arm(spec, 'ENOSPC', spec.torn ?? false));
  }

  failTruncates(spec: FaultSpec = {}): void {
    this.truncateFaults.push(arm(spec, 'EIO', false));
  }

  failFdatasyncs(spec: FaultSpec = {}): void {
    this.fdatasyncFaults.push(arm(spec, 'EIO', false));
  }

  clearFaults(): void {
    this.writeFaults = [];
    this.truncateFaults = [];
    this.fdatasyncFaults = [];
  }

  /** Holds every fdatasync until the returned function is called. */
  holdFdatasyncs(): () => void {
    const held: (() => void)[] = [];
    this.held = held;
    return () => {
      this.held = undefined;
      for (const release of held.splice(0)) release();
    };
  }

  /** A power cut: unsynced bytes are lost and all fds are gone. */
  crash(): void {
    this.dead = true;
    for (const { fd } of this.files.values()) {
      try {
        this.real.closeSync(fd);
      } catch {
        // already closed by its owner
      }
    }
    this.files.clear();
    for (const [path, bytes] of this.durableBytes) {
      if (!this.real.existsSync(path)) continue;
      const fd = this.real.openSync(path, 'r+');
      if (this.real.fileSizeSync(fd) > bytes) this.real.ftruncateSync(fd, bytes);
      this.real.closeSync(fd);
    }
  }

  openSync(path: string, flags: string): number {
    this.checkAlive(path);
    const existed = this.real.existsSync(path);
    const fd = this.real.openSync(path, flags);
    if (!this.durableBytes.has(path)) this.durableBytes.set(path, existed ? this.real.fileSizeSync(fd) : 0);
    if (flags.startsWith('w')) this.durableBytes.set(path, 0);
    const virtualFd = this.nextFd++;
    this.files.set(virtualFd, { fd, path });
    return virtualFd;
  }

  closeSync(fd: number): void {
    const file = this.fileOf(fd);
    this.files.delete(fd);
    this.real.closeSync(file.fd);
  }

  writeSync(fd: number, buf: Buffer, offset: number, length: number, position: number): number {
    this.writeCalls++;
    const { fd: realFd, path } = this.fileOf(fd);
    const fault = take(this.writeFaults, path);
    if (fault) {
      if (fault.torn && length > 1) this.real.writeSync(realFd, buf, offset, length >> 1, position);
      throw errnoError(fault.code, 'write', path);
    }
    return this.real.writeSync(realFd, buf, offset, length, position);
  }

  readSync(fd: number, buf: Buffer, offset: number, length: number, position: number): number {
    return this.real.readSync(this.fileOf(fd).fd, buf, offset, length, position);
  }

  fileSizeSync(fd: number): number {
    return this.real.fileSizeSync(this.fileOf(fd).fd);
  }

  ftruncateSync(fd: number, lengthBytes: number): void {
    const { fd: realFd, path } = this.fileOf(fd);
    const fault = take(this.truncateFaults, path);
    if (fault) throw errnoError(fault.code, 'ftruncate', path);
    this.real.ftruncateSync(realFd, lengthBytes);
    // Shrinking reaches the disk with the next metadata sync; treat it as immediate.
    const durable = this.durableBytes.get(path);
    if (durable !== undefined && durable > lengthBytes) this.durableBytes.set(path, lengthBytes);
  }

  renameSync(from: string, to: string): void {
    this.checkAlive(from);
    this.real.renameSync(from, to);
    for (const [path, bytes] of [...this.durableBytes]) {
      if (path === from || path.startsWith(from + '/')) {
        this.durableBytes.delete(path);
        this.durableBytes.set(to + path.slice(from.length), bytes);
      }
    }
    for (const file of this.files.values()) if (file.path === from) file.path = to;
  }

  unlinkSync(path: string): void {
    this.checkAlive(path);
    this.real.unlinkSync(path);
    this.durableBytes.delete(path);
  }

  readdirSync(path: string): string[] {
    this.checkAlive(path);
    return this.real.readdirSync(path);
  }

  mkdirSync(path: string): void {
    this.checkAlive(path);
    this.real.mkdirSync(path);
  }

  rmSync(path: string): void {
    this.checkAlive(path);
    this.real.rmSync(path);
    for (const known of [...this.durableBytes.keys()]) {
      if (known === path || known.startsWith(path + '/')) this.durableBytes.delete(known);
    }
  }

  existsSync(path: string): boolean {
    this.checkAlive(path);
    return this.real.existsSync(path);
  }

  isDirectorySync(path: string): boolean {
    this.checkAlive(path);
    return this.real.isDirectorySync(path);
  }

  readFileSync(path: string): Buffer {
    this.checkAlive(path);
    return this.real.readFileSync(path);
  }

  writeFileSync(path: string, data: Buffer | string): void {
    this.checkAlive(path);
    if (!this.durableBytes.has(path) && this.real.existsSync(path)) {
      this.durableBytes.set(path, this.real.readFileSync(path).length);
    }
    this.real.writeFileSync(path, data);
    if (!this.durableBytes.has(path)) this.durableBytes.set(path, 0);
  }

  async fdatasync(fd: number): Promise<void> {
    this.fdatasyncCalls++;
    const file = this.fileOf(fd);
    this.fdatasyncPaths.push(file.path);
    if (this.held) await new Promise<void>((resolve) => this.held!.push(resolve));
    const fault = take(this.fdatasyncFaults, file.path);
    if (fault) throw errnoError(fault.code, 'fdatasync', file.path);
    const live = this.fileOf(fd);
    await this.real.fdatasync(live.fd);
    if (!this.dead) this.durableBytes.set(live.path, this.real.fileSizeSync(live.fd));
  }

  async fsyncDir(path: string): Promise<void> {
    this.checkAlive(path);
    this.fsyncDirPaths.push(path);
    await this.real.fsyncDir(path);
  }

  private fileOf(fd: number): { fd: number; path: string } {
    this.checkAlive(`fd ${fd}`);
    const file = this.files.get(fd);
    if (!file) throw errnoError('EBADF', 'use of', `fd ${fd}`);
    return file;
  }

  private checkAlive(path: string): void {
    if (this.dead) throw errnoError('EIO', 'after a crash,', path);
  }
}

function arm(spec: FaultSpec, defaultCode: string, torn: boolean): ArmedFault {
  return {
    code: spec.code ?? defaultCode,
    after: spec.after ?? 0,
    times: spec.times ?? 1,
    match: spec.match ?? (() => true),
    torn,
  };
}

/** Consumes one matching call of the first armed fault; returns it when this call must fail. */
function take(faults: ArmedFault[], path: string): ArmedFault | undefined {
  const fault = faults.find((f) => f.match(path));
  if (!fault) return undefined;
  if (fault.after > 0) {
    fault.after--;
    return undefined;
  }
  fault.times--;
  if (fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
  return fault;
}
