// Image references as Docker resolves them, so `busybox`, `busybox:latest` and
// `docker.io/library/busybox:latest` count as one image when deduplicating and comparing.

/** `name[:tag][@digest]` with Docker Hub's implicit parts removed and `:latest` added when untagged. */
export function normalizeImageRef(ref: string): string {
  let name = ref.trim();
  let digest = '';
  const at = name.indexOf('@');
  if (at >= 0) {
    digest = name.slice(at);
    name = name.slice(0, at);
  }
  // A colon after the last slash is a tag; one before it belongs to a registry host:port.
  const lastSlash = name.lastIndexOf('/');
  const hasTag = name.lastIndexOf(':') > lastSlash;
  if (!hasTag && !digest) name += ':latest';
  name = name.replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '');
  name = name.replace(/^library\//, '');
  return name + digest;
}

export function sameImageRef(a: string, b: string): boolean {
  return normalizeImageRef(a) === normalizeImageRef(b);
}
