/** Saves data as a file through the browser's download: Electron asks where (its save dialog), a browser follows its download setting. */
export function saveBlob(fileName: string, blob: Blob): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** Saves text as a file (exports). */
export function saveFile(fileName: string, text: string, type: string): void {
  saveBlob(fileName, new Blob([text], { type }));
}
