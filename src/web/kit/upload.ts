/*
 * The one way to receive a file from a form (multipart/form-data): the file streams to a
 * temporary file, never into memory, and stops at a size limit. A multipart body is not parsed
 * before the CSRF check, so upload forms carry their CSRF token in the action's query string
 * (`action="/path?_csrf={{ csrfToken }}"`); the CSRF middleware reads it from there for
 * multipart requests only.
 */
import { createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Request } from 'express';
import { ValidationError } from '../../lib/errors.ts';
import { makeTempDir } from '../../lib/temp-files.ts';

export interface Upload {
  /** Where the file is on disk until `discard()`. */
  path: string;
  /** The name the user's file had (for display and history only; never used as a path). */
  fileName: string;
  size: number;
  /** The form's other fields. */
  fields: Record<string, string>;
  discard(): Promise<void>;
}

export interface UploadOptions {
  /** The file input's name, which error messages link to. */
  field: string;
  maxBytes: number;
}

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/**
 * Receives one file. Throws ValidationError (keyed by the file field) when there is no file,
 * it is empty, or it is larger than the limit; nothing is left on disk in that case.
 */
export async function receiveUpload(req: Request, options: UploadOptions): Promise<Upload> {
  if (!req.is('multipart/form-data')) throw new ValidationError({ [options.field]: 'Select a file to upload' });
  const dir = await makeTempDir('upload');
  const discard = () => rm(dir, { recursive: true, force: true });
  const fields: Record<string, string> = {};
  let file: { path: string; fileName: string } | undefined;
  let tooLarge = false;
  const writes: Promise<void>[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const parser = busboy({
        headers: req.headers,
        limits: { fileSize: options.maxBytes, files: 1, fields: 50, fieldSize: 100_000 },
      });
      parser.on('field', (name, value) => {
        fields[name] = value;
      });
      parser.on('file', (name, stream, info) => {
        if (name !== options.field || file) {
          stream.resume();
          return;
        }
        const path = join(dir, 'upload');
        file = { path, fileName: basename(info.filename || 'upload').slice(0, 200) };
        stream.on('limit', () => {
          tooLarge = true;
        });
        writes.push(pipeline(stream, createWriteStream(path)));
      });
      parser.on('error', reject);
      parser.on('close', resolve);
      req.pipe(parser);
    });
    await Promise.all(writes);
    if (tooLarge)
      throw new ValidationError({
        [options.field]: `The selected file must be smaller than ${megabytes(options.maxBytes)}`,
      });
    const chosen = file as { path: string; fileName: string } | undefined;
    if (!chosen || !chosen.fileName || chosen.fileName === 'upload')
      throw new ValidationError({ [options.field]: 'Select a file to upload' });
    const { size } = await stat(chosen.path);
    if (size === 0) throw new ValidationError({ [options.field]: 'The selected file is empty' });
    return { path: chosen.path, fileName: chosen.fileName, size, fields, discard };
  } catch (err) {
    await discard();
    throw err;
  }
}
