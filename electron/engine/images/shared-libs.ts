// The shared libraries (and the dynamic loader) a host program needs, as `ldd` reports them.
import { PodlabError } from '../base/errors.js';
import { execFileAsync } from './host-tools.js';

export interface LddResult {
  /** Absolute paths as the loader will open them (the loader itself included). */
  paths: string[];
  /** Libraries the loader could not find. */
  notFound: string[];
}

/**
 * Parses `ldd` output. Lines look like `libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)`,
 * `/lib64/ld-linux-x86-64.so.2 (0x…)` (the loader), `linux-vdso.so.1 (0x…)` (in the kernel,
 * nothing to copy) or `libfoo.so.1 => not found`. A static program prints no library at all.
 */
export function parseLddOutput(text: string): LddResult {
  const paths: string[] = [];
  const notFound: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const arrow = line.match(/^(\S+)\s+=>\s+(.*)$/);
    if (arrow) {
      const target = arrow[2]!.trim();
      if (target.startsWith('not found')) notFound.push(arrow[1]!);
      else {
        const p = target.split(/\s+/)[0];
        if (p?.startsWith('/')) paths.push(p);
      }
      continue;
    }
    const direct = line.split(/\s+/)[0];
    if (direct?.startsWith('/')) paths.push(direct);
  }
  return { paths: [...new Set(paths)], notFound };
}

export async function listSharedLibraries(ldd: string, binary: string): Promise<string[]> {
  let text: string;
  try {
    const { stdout } = await execFileAsync(ldd, [binary]);
    text = stdout;
  } catch (err) {
    // ldd exits 1 for static programs ("not a dynamic executable"): nothing to copy.
    const out = err as { stdout?: string; stderr?: string };
    const all = `${out.stdout ?? ''}${out.stderr ?? ''}`;
    if (/not a dynamic executable|statically linked/.test(all)) return [];
    throw new PodlabError('IMAGE_BUILD_FAILED', `ldd could not read ${binary}: ${all.trim() || String(err)}`, {
      hint: 'check that the program runs on this host',
    });
  }
  if (/statically linked/.test(text)) return [];
  const { paths, notFound } = parseLddOutput(text);
  if (notFound.length) {
    throw new PodlabError('IMAGE_BUILD_FAILED', `${binary} needs libraries this host lacks: ${notFound.join(', ')}`, {
      hint: `reinstall the package that provides ${binary} (\`dpkg -S ${binary}\` names it)`,
    });
  }
  return paths;
}
