import { readFileSync } from 'node:fs';

/**
 * Peak resident set size in bytes from the text of /proc/<pid>/status (`VmHWM`, the high-water mark the
 * kernel keeps for the process's whole life), or undefined when the line is missing.
 */
export function peakRssBytes(status: string): number | undefined {
  const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  return match ? Number(match[1]) * 1024 : undefined;
}

/** Reads a live process's peak RSS; undefined once it has exited (or outside Linux). */
export function readPeakRss(pid: number): number | undefined {
  try {
    return peakRssBytes(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return undefined;
  }
}
