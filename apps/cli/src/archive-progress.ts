// What `watch` shows while an export archives: a bar of the bytes checked in so far, the speed over the last
// samples and the time left at that speed. Transfers report in whole parts, so the speed is averaged.
import type { ExportArchive } from '@crs-export/contracts';
import { formatElapsed } from './export-format';

const BAR_WIDTH = 24;
/** Samples kept for the speed: about the last half minute at watch's default interval. */
const SAMPLES = 30;

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

/** Bytes per second over the samples it has seen (bytes done, at a time in ms). */
export class TransferRate {
  private readonly samples: { at: number; bytes: number }[] = [];

  add(at: number, bytes: number): void {
    const last = this.samples.at(-1);
    if (last && bytes < last.bytes) this.samples.length = 0; // a restarted transfer
    this.samples.push({ at, bytes });
    if (this.samples.length > SAMPLES) this.samples.shift();
  }

  /** null until two samples a moment apart. */
  bytesPerSecond(): number | null {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.at - first.at < 500) return null;
    return ((last.bytes - first.bytes) * 1000) / (last.at - first.at);
  }
}

export function formatArchiveProgress(archive: ExportArchive, rate: number | null): string {
  const total = archive.bytesTotal ?? archive.files.reduce((sum, file) => sum + (file.sizeBytes ?? 0), 0);
  const done = Math.min(archive.bytesDone, total || archive.bytesDone);
  const fraction = total > 0 ? done / total : 0;
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
  const verified = archive.files.filter((file) => file.state === 'VERIFIED').length;
  const parts = [
    `${bar} ${(fraction * 100).toFixed(0).padStart(3)}%`,
    `${formatBytes(done)} / ${total > 0 ? formatBytes(total) : '?'}`,
    `files ${verified}/${archive.files.length}`,
  ];
  if (rate !== null && rate > 0) {
    parts.push(`${formatBytes(rate)}/s`);
    if (total > done) parts.push(`ETA ${formatElapsed(((total - done) / rate) * 1000)}`);
  }
  return parts.join('  ');
}
