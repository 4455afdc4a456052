import { hashString } from '../core/rng';
import { contentKey, fileLayout, layoutSha256, tarLayout, type Layout } from './content';
import { fileCatalogue, fileContentKey, selectFiles, type CatalogueFile, type OsType } from './files';

/*
 * What a download answers, as pure functions of the lab seed and public API data (host id, OS, selected paths), so
 * tests here and in the app can compute the expected size and SHA-256 of any download without lab internals.
 */

export interface Selection {
  absolutePath: string;
  isDirectory?: boolean;
}

export interface RecoveryOutput {
  /** `file` when one file was selected (its bytes as they are), `tar` for several items or a directory. */
  kind: 'file' | 'tar';
  files: CatalogueFile[];
  layout: Layout;
}

/** A stable mtime for tar entries, so archives are byte-identical for a seed. */
export function archiveMtime(seed: number): number {
  return 1_700_000_000 + (hashString(`mtime/${seed}`) % 10_000_000);
}

export function recoveryOutput(
  seed: number,
  hostId: number,
  osType: OsType,
  selections: readonly Selection[],
): RecoveryOutput {
  const catalogue = fileCatalogue(seed, hostId, osType);
  const seen = new Set<string>();
  const files: CatalogueFile[] = [];
  for (const selection of selections)
    for (const file of selectFiles(catalogue, selection.absolutePath))
      if (!seen.has(file.path)) {
        seen.add(file.path);
        files.push(file);
      }
  const single =
    selections.length === 1 && files.length === 1 && files[0]?.path === selections[0]?.absolutePath;
  if (single && files[0]) return { kind: 'file', files, layout: indexedFileLayout(seed, hostId, files[0]) };
  const entries = files.map((file) => ({
    path: file.path,
    key: fileContentKey(seed, hostId, file.path),
    size: file.size,
  }));
  return { kind: 'tar', files, layout: tarLayout(entries, archiveMtime(seed)) };
}

export function indexedFileLayout(seed: number, hostId: number, file: CatalogueFile): Layout {
  return fileLayout(fileContentKey(seed, hostId, file.path), file.size);
}

/** SHA-256 (hex) of what `GET /recoveries/{id}/download-files` serves in full for such a recovery. */
export function recoveryOutputSha256(
  seed: number,
  hostId: number,
  osType: OsType,
  selections: readonly Selection[],
): { size: number; sha256: string } {
  const { layout } = recoveryOutput(seed, hostId, osType, selections);
  return { size: layout.size, sha256: layoutSha256(layout) };
}

/** SHA-256 (hex) and size of one file of a host's snapshots (what `download-file` serves in full). */
export function fileSha256(
  seed: number,
  hostId: number,
  osType: OsType,
  path: string,
): { size: number; sha256: string } | undefined {
  const file = fileCatalogue(seed, hostId, osType).find((item) => item.path === path);
  if (!file) return undefined;
  const layout = indexedFileLayout(seed, hostId, file);
  return { size: layout.size, sha256: layoutSha256(layout) };
}

/** The bytes of a lab-made download (`POST /lab/downloads`): any size, keyed by seed and recovery id. */
export function syntheticLayout(seed: number, recoveryId: string, size: number): Layout {
  return fileLayout(contentKey(seed, 'lab-downloads', recoveryId), size);
}
