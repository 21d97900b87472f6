/**
 * Progress of a long run on stderr: a bar (files, MB, rate, time left) on a
 * terminal, a plain line every ten seconds elsewhere (CI logs; the interval is
 * SPEECH_DATASETS_PROGRESS_EVERY), nothing with --quiet or for a run that ends
 * within a second.
 */
import cliProgress from 'cli-progress';
import type { Progress } from '../run.js';
import type { Output } from './output.js';

export interface ProgressTiming {
  /** Nothing is shown before this many milliseconds. */
  delay: number;
  /** Milliseconds between two plain lines. */
  every: number;
  now: () => number;
}

const MB = 1e6;
const mb = (bytes: number) => (bytes / MB).toFixed(1);

export function timeLeft(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** What a bar or a line shows, from the dataset's progress and when its first file started. */
export function describe(p: Progress, elapsedMs: number) {
  const seconds = Math.max(elapsedMs, 1) / 1000;
  const byBytes = p.bytesTotal > 0;
  const done = byBytes ? p.bytes / p.bytesTotal : p.filesTotal ? p.files / p.filesTotal : 1;
  const left = done > 0 ? (seconds * (1 - done)) / done : Infinity;
  return { rate: (p.bytes / MB / seconds).toFixed(1), left: timeLeft(left), mb: mb(p.bytes), mbTotal: mb(p.bytesTotal) };
}

/** Seconds between plain lines: SPEECH_DATASETS_PROGRESS_EVERY when it is a positive number, else ten. */
export function everyFrom(env: NodeJS.ProcessEnv): number {
  const seconds = Number(env.SPEECH_DATASETS_PROGRESS_EVERY);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 10_000;
}

export class ProgressView {
  private readonly mode: 'bar' | 'lines' | 'off';
  private readonly started: number;
  private dataset = '';
  private datasetStarted = 0;
  private lastLine = -Infinity;
  private bar: cliProgress.SingleBar | null = null;

  constructor(
    private readonly out: Output,
    private readonly timing: ProgressTiming = { delay: 1000, every: everyFrom(out.env), now: () => performance.now() },
  ) {
    this.mode = out.quiet ? 'off' : out.streams.stderr.isTTY ? 'bar' : 'lines';
    this.started = timing.now();
  }

  readonly update = (p: Progress): void => {
    if (this.mode === 'off') return;
    const now = this.timing.now();
    if (p.dataset !== this.dataset) {
      this.dataset = p.dataset;
      this.datasetStarted = now;
      this.bar?.stop();
      this.bar = null;
    }
    if (now - this.started < this.timing.delay) return;
    // Called once per file: in a log, nothing is worked out between two lines.
    if (this.mode === 'lines' && (now - this.lastLine < this.timing.every || p.files === p.filesTotal)) return;
    const shown = describe(p, now - this.datasetStarted);
    if (this.mode === 'lines') {
      this.lastLine = now;
      const size = p.bytesTotal > 0 ? `, ${shown.mb} of ${shown.mbTotal} MB, ${shown.rate} MB/s` : '';
      this.out.log(`${p.dataset}: ${p.files} of ${p.filesTotal} files${size}, about ${shown.left} left`);
      return;
    }
    if (!this.bar) {
      this.bar = new cliProgress.SingleBar(
        {
          stream: this.out.streams.stderr as NodeJS.WriteStream,
          // Without sizes (a merge reads shards, not files) the bar counts files only.
          format: p.bytesTotal > 0 ? '{dataset} {bar} {value}/{total} files | {mb}/{mbTotal} MB | {rate} MB/s | {left} left' : '{dataset} {bar} {value}/{total} files | {left} left',
          hideCursor: true,
          clearOnComplete: true,
          barsize: 24,
          fps: 10,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(p.filesTotal, p.files, { dataset: p.dataset, ...shown });
    } else this.bar.update(p.files, { dataset: p.dataset, ...shown });
  };

  /** Takes the bar off the screen, before the report is printed. */
  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
