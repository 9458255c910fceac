/**
 * Where the scan core reads bytes from: a Blob/File in the extension page or worker, a Uint8Array
 * in tests and the CLI. Random access (`slice`) lets a zip be opened from its directory at the end
 * without reading the media in front of it; `chunks` streams a large text file.
 */

export interface ByteSource {
  name: string;
  size: number;
  /** The bytes in order, in chunks of any size. */
  chunks(): AsyncIterable<Uint8Array>;
  /** Bytes [start, end) (clamped to the size). */
  slice(start: number, end: number): Promise<Uint8Array>;
}

/** The file itself could not be read (removed or changed since it was picked): not a format problem. */
export class SourceReadError extends Error {
  constructor(readonly fileName: string) {
    super('file could not be read');
    this.name = 'SourceReadError';
  }
}

export function blobSource(name: string, blob: Blob): ByteSource {
  return {
    name,
    size: blob.size,
    async *chunks() {
      const reader = blob.stream().getReader();
      try {
        for (;;) {
          let step: ReadableStreamReadResult<Uint8Array>;
          try {
            step = await reader.read();
          } catch {
            throw new SourceReadError(name);
          }
          if (step.done) return;
          if (step.value) yield step.value;
        }
      } finally {
        reader.releaseLock();
      }
    },
    async slice(start, end) {
      try {
        return new Uint8Array(await blob.slice(start, end).arrayBuffer());
      } catch {
        throw new SourceReadError(name);
      }
    },
  };
}

/** Bytes in memory, handed out `chunkSize` at a time (tests use odd sizes to split lines and characters). */
export function bytesSource(name: string, data: Uint8Array | string, chunkSize = 64 * 1024): ByteSource {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const step = Math.max(1, chunkSize);
  return {
    name,
    size: bytes.length,
    async *chunks() {
      for (let at = 0; at < bytes.length; at += step) yield bytes.subarray(at, at + step);
    },
    async slice(start, end) {
      return bytes.slice(Math.max(0, start), Math.min(bytes.length, end));
    },
  };
}
