/**
 * A file straight to storage through a presigned POST the API handed out (image uploads, import
 * files): every form field first, the file last as `file`, as S3 wants. XHR rather than fetch for
 * the upload progress events; the promise fails with the HTTP status (0: the network).
 */
export function presignedPost(form: { url: string; fields: Record<string, string> }, file: Blob, onProgress?: (percent: number) => void): Promise<void> {
  return new Promise((done, fail) => {
    const body = new FormData();
    for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
    body.append('file', file);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.url);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress?.(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => (xhr.status < 300 ? done() : fail(new PresignedPostError(xhr.status)));
    xhr.onerror = () => fail(new PresignedPostError(0));
    xhr.send(body);
  });
}

export class PresignedPostError extends Error {
  constructor(readonly status: number) {
    super(`upload refused by storage (HTTP ${status})`);
    this.name = 'PresignedPostError';
  }
}
