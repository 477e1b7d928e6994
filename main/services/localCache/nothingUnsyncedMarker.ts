import fs from 'node:fs';
import path from 'node:path';

/** The marker's name beside a cache file. */
export function nothingUnsyncedMarkerOf(cacheFile: string): string {
  return `${cacheFile}.nothing-unsynced`;
}

/** Whether the cache is known to hold nothing headquarters lacks, readable without its key. */
export function hasNothingUnsynced(cacheFile: string): boolean {
  return fs.existsSync(nothingUnsyncedMarkerOf(cacheFile));
}

/**
 * A plain file beside an encrypted cache, present only while the cache holds no change that has
 * not reached headquarters (empty outbox, no refused change): when the cache's key is lost, the
 * seat may then sync afresh at once without its key (docs/architecture.md §8). It is removed —
 * and the removal made durable — before the first local change is written, and put back when an
 * acknowledgement empties the outbox: a crash between the two leaves it absent, the safe side.
 */
export class NothingUnsyncedMarker {
  private present: boolean | null = null;

  constructor(private readonly cacheFile: string) {}

  /** Says whether the cache now holds nothing unsynced; touches the disk only when that changes. */
  note(nothingUnsynced: boolean): void {
    if (this.present === nothingUnsynced) return;
    const marker = nothingUnsyncedMarkerOf(this.cacheFile);
    if (nothingUnsynced) fs.writeFileSync(marker, '');
    else fs.rmSync(marker, { force: true });
    syncFolder(path.dirname(marker));
    this.present = nothingUnsynced;
  }
}

/** Makes a file's creation or removal durable (a no-op where folders cannot be opened: Windows). */
function syncFolder(folder: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows: NTFS journals the directory change itself.
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}
