import {
  closeSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { OWNER_ONLY_FILE } from '@serial/event-store';

/** Names the active generation's file; replaced by rename, so readers see the old name or the new one. */
const POINTER_FILE = 'ACTIVE';
const GENERATION_FILE = /^generation-(\d+)\.sqlite$/;

export function readActiveGeneration(directory: string): string | null {
  try {
    const name = readFileSync(join(directory, POINTER_FILE), 'utf8').trim();
    return GENERATION_FILE.test(name) ? name : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Durable before it returns: after a crash the pointer names the old generation or the new, whole one. */
export function writeActiveGeneration(directory: string, name: string): void {
  const temporary = join(directory, `${POINTER_FILE}.tmp`);
  writeFileSync(temporary, `${name}\n`, { mode: OWNER_ONLY_FILE });
  syncPath(temporary);
  renameSync(temporary, join(directory, POINTER_FILE));
  syncPath(directory);
}

/** Numbers only grow, so a new generation never reuses the name of one a reader may still hold. */
export function nextGenerationName(directory: string): string {
  const numbers = generationNames(directory).map((name) => Number(GENERATION_FILE.exec(name)?.[1]));
  const active = readActiveGeneration(directory);
  if (active) numbers.push(Number(GENERATION_FILE.exec(active)?.[1]));
  return `generation-${Math.max(0, ...numbers) + 1}.sqlite`;
}

export function generationNames(directory: string): string[] {
  return readdirSync(directory).filter((name) => GENERATION_FILE.test(name));
}

export function removeGeneration(directory: string, name: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(join(directory, name + suffix), { force: true });
}

function syncPath(path: string): void {
  const descriptor = openSync(path, 'r');
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}
