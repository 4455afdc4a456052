import { DialogWork } from '../admin-profile.svelte';

/** A named row of an admin table (a connection, a connector). */
export interface NamedRow {
  id: string;
  name: string;
}

/** What a section does to its rows: main's calls, and the notification of each success. */
export interface RowEditWork<T extends NamedRow> {
  /** Renames `row`, or creates a row when it is undefined (sections without "New" never ask that). */
  save(name: string, row: T | undefined): Promise<{ name: string }>;
  saved(result: { name: string }, row: T | undefined): string;
  remove(row: T): Promise<unknown>;
  removed(row: T): string;
}

/**
 * The name and delete dialogs of an admin table's rows: which row each is open for (`naming.row` is absent while a
 * new one is named) and the dialogs' shared work. After a change the section re-reads its listing.
 */
export class RowEdits<T extends NamedRow> {
  naming: { row?: T } | undefined = $state();
  deleting: T | undefined = $state();
  readonly dialog = new DialogWork();

  constructor(
    private readonly work: RowEditWork<T>,
    private readonly onchanged: () => Promise<void>,
  ) {}

  name(row?: T): void {
    this.dialog.reset();
    this.naming = row ? { row } : {};
  }

  askDelete(row: T): void {
    this.dialog.reset();
    this.deleting = row;
  }

  async save(name: string): Promise<void> {
    const row = this.naming?.row;
    const saved = await this.dialog.run(
      () => this.work.save(name, row),
      (result) => this.work.saved(result, row),
    );
    if (!saved) return;
    this.naming = undefined;
    await this.onchanged();
  }

  async remove(): Promise<void> {
    const row = this.deleting;
    if (!row) return;
    const done = await this.dialog.run(
      () => this.work.remove(row),
      () => this.work.removed(row),
    );
    if (done === undefined) return;
    this.deleting = undefined;
    await this.onchanged();
  }
}
