// Open reviews survive a window reload: they are kept in the workspace state and validated when
// read back (a stored entry that no longer parses is dropped and logged, never trusted).
import type * as vscode from 'vscode';
import { z } from 'zod';
import type { Logger } from '../../core/ports';
import { proposalSchema, reviewModelSchema } from '../../core/review/schema';
import type { ReviewModel } from '../../core/review/model';
import type { Proposal } from '../../core/review/types';

const KEY = 'selfdebug.review.open';

const entrySchema = z.object({
  uri: z.string(),
  fileIndex: z.number().int().nonnegative(),
  candidateIndex: z.number().int().nonnegative(),
  model: reviewModelSchema,
  candidates: z.object({ id: z.string(), proposals: z.array(proposalSchema).min(1) }),
});

export interface StoredReview {
  uri: string;
  fileIndex: number;
  candidateIndex: number;
  model: ReviewModel;
  candidates: { id: string; proposals: Proposal[] };
}

export class ReviewStore {
  private timer: NodeJS.Timeout | undefined;
  private latest: (() => StoredReview[]) | undefined;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly logger: Logger,
  ) {}

  load(): StoredReview[] {
    const raw = this.memento.get<unknown[]>(KEY, []);
    const entries: StoredReview[] = [];
    for (const item of Array.isArray(raw) ? raw : []) {
      const parsed = entrySchema.safeParse(item);
      if (parsed.success && parsed.data.candidateIndex < parsed.data.candidates.proposals.length) entries.push(parsed.data);
      else this.logger.warn('Dropped a stored review that is no longer valid');
    }
    return entries;
  }

  /** Saves soon (edits come in bursts); `snapshot` is read when the save happens. */
  schedule(snapshot: () => StoredReview[]): void {
    this.latest = snapshot;
    this.timer ??= setTimeout(() => void this.flush(), 300);
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const snapshot = this.latest;
    this.latest = undefined;
    if (snapshot) await this.memento.update(KEY, snapshot());
  }
}
