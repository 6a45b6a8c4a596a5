/**
 * The references the broker figures are read against, measured in the same
 * run on the same machine: a raw node socket pump over loopback, and the
 * disk's sequential write-then-fdatasync bandwidth.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const MIB = 1024 * 1024;

function startDiscardServer(file, checksum) {
  const args = [path.join(here, 'discard-server.js'), ...(file ? [file] : []), ...(checksum ? ['--crc'] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the discard server exited (${code})`)));
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve({ port: Number(out.trim()), child });
    });
  });
}

function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    process.kill(child.pid, 'SIGKILL');
  });
}

/**
 * Writes `totalBytes` in 1 MiB buffers, honouring backpressure; resolves with
 * the bytes the server counted. `readPiece(buffer, position)` fills each
 * buffer first (the file-fed pump); without it one buffer is sent over and over.
 */
function pump(port, totalBytes, readPiece) {
  const buffer = Buffer.alloc(MIB, 0x5a);
  // File-fed: a piece is refilled only after the socket has taken it, as a server reusing its read buffers would.
  const free = [];
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
    let answer = Buffer.alloc(0);
    socket.on('error', reject);
    socket.on('data', (d) => (answer = Buffer.concat([answer, d])));
    socket.on('end', () => (answer.length === 8 ? resolve(answer.readDoubleBE(0)) : reject(new Error('no count from the discard server'))));
    socket.once('connect', () => {
      let sent = 0;
      const write = () => {
        while (sent < totalBytes) {
          const length = Math.min(MIB, totalBytes - sent);
          let part;
          if (readPiece) {
            const piece = free.pop() ?? Buffer.allocUnsafe(MIB);
            part = piece.subarray(0, readPiece(piece.subarray(0, length), sent));
            if (part.length === 0) return reject(new Error('the file-fed pump read nothing'));
            sent += part.length;
            if (!socket.write(part, () => free.push(piece))) return socket.once('drain', write);
          } else {
            part = length === MIB ? buffer : buffer.subarray(0, length);
            sent += part.length;
            if (!socket.write(part)) return socket.once('drain', write);
          }
        }
        socket.end();
      };
      write();
    });
  });
}

/**
 * Loopback MB/s (10^6 bytes) of a node socket pump into a discarding node
 * process; with `file`, the receiving process also appends every chunk to it
 * (what any broker must at least do: socket in, page cache out), and with
 * `checksum` computes each chunk's CRC-32C before (what a Kafka broker must
 * also do: it checks every batch).
 */
export async function measureLoopbackMBps(totalBytes, file, { checksum = false } = {}) {
  return measurePump(totalBytes, { file, checksum });
}

/**
 * The pump fed from a file: `totalBytes` are written to a file in `dir`
 * first (so they sit in the page cache, as a just-ingested log does), then the
 * sender reads them back in 1 MiB pieces with read() and writes each to the
 * socket. What any server that reads its log and writes it to a socket pays
 * to serve a fetch (node has no sendfile), with no protocol at all. MB/s.
 */
export async function measureFileToSocketMBps(dir, totalBytes) {
  const file = path.join(dir, `file-to-socket-${process.pid}.bin`);
  const fd = fs.openSync(file, 'w+');
  try {
    const buffer = Buffer.alloc(MIB, 0xc3);
    for (let written = 0; written < totalBytes; ) written += fs.writeSync(fd, buffer, 0, Math.min(MIB, totalBytes - written));
    // Read back clean pages, not pages racing their own writeback (the fetch figure is taken after a sync too).
    fs.fdatasyncSync(fd);
    const readPiece = (piece, position) => fs.readSync(fd, piece, 0, piece.length, position % totalBytes);
    return await measurePump(totalBytes, { readPiece });
  } finally {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
  }
}

async function measurePump(totalBytes, { file, readPiece, checksum }) {
  const { port, child } = await startDiscardServer(file, checksum);
  try {
    await pump(port, 64 * MIB, readPiece); // warm up: JIT, socket buffers
    const started = process.hrtime.bigint();
    const counted = await pump(port, totalBytes, readPiece);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (counted !== totalBytes) throw new Error(`the discard server counted ${counted} of ${totalBytes} bytes`);
    return totalBytes / 1e6 / seconds;
  } finally {
    await stopChild(child);
  }
}

/**
 * Sequential write of `totalBytes` into a new file in `dir`, one fdatasync at
 * the end: what a durable broker could reach on this file system. MB/s.
 */
export function measureDiskSyncMBps(dir, totalBytes) {
  const file = path.join(dir, `disk-reference-${process.pid}.bin`);
  const buffer = Buffer.alloc(MIB, 0xa5);
  const fd = fs.openSync(file, 'w');
  try {
    const started = process.hrtime.bigint();
    for (let written = 0; written < totalBytes; ) {
      written += fs.writeSync(fd, buffer, 0, Math.min(MIB, totalBytes - written));
    }
    fs.fdatasyncSync(fd);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return totalBytes / 1e6 / seconds;
  } finally {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
  }
}
