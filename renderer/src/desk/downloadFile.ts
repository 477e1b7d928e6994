/** Hands a file made in the page to the browser's download (the desk's exports). */
export function downloadFile(blob: Blob, name: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  // After the click has been handled: revoking at once can cancel the download in some engines.
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
}
