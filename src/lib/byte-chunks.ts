import type { Readable } from 'node:stream';

/**
 * A byte stream's chunks, typed. Node types a stream's async iterator as `any`; a stream without
 * an encoding (a file read with createReadStream, an inflater) yields Buffers, and this says so
 * once, checked, instead of a cast at every loop.
 */
export async function* byteChunks(stream: Readable): AsyncGenerator<Buffer> {
  for await (const chunk of stream) {
    if (!Buffer.isBuffer(chunk)) throw new TypeError('Expected bytes: read the stream without an encoding');
    yield chunk;
  }
}
