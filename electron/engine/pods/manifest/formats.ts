// Formats a Pod manifest's strings must follow: Kubernetes names, label keys and values, port
// names, image references and Linux capability names. Each check returns what is wrong (to
// finish the sentence "… is not valid: <reason>") or undefined when the value is fine.
import type { PullPolicy } from '../../images/pull-policy.js';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** RFC 1123 label: container names, volume names, namespaces, hostnames. */
export function dnsLabelProblem(value: string, maxLength = 63): string | undefined {
  if (value.length === 0) return 'it must not be empty';
  if (value.length > maxLength) return `it is ${value.length} characters long; the maximum is ${maxLength}`;
  if (!DNS_LABEL.test(value)) {
    return 'use only lowercase letters, digits and `-`, starting and ending with a letter or digit';
  }
  return undefined;
}

/** RFC 1123 subdomain (dot-separated labels). Pod names also become hostnames, hence the 63. */
export function dnsSubdomainProblem(value: string, maxLength = 253): string | undefined {
  if (value.length === 0) return 'it must not be empty';
  if (value.length > maxLength) return `it is ${value.length} characters long; the maximum is ${maxLength}`;
  if (!DNS_SUBDOMAIN.test(value)) {
    return 'use only lowercase letters, digits, `-` and `.`, starting and ending with a letter or digit';
  }
  return undefined;
}

/** Label and annotation keys: `[prefix/]name`, prefix a DNS subdomain, name ≤ 63. */
export function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    const problem = dnsSubdomainProblem(prefix);
    if (problem) return `the prefix \`${prefix}\` is not a DNS subdomain: ${problem}`;
  }
  if (name.length === 0) return 'the name part must not be empty';
  if (name.length > 63) return `the name part is ${name.length} characters long; the maximum is 63`;
  if (name.includes('/')) return 'a key has at most one `/`';
  if (!QUALIFIED_NAME_PART.test(name)) {
    return 'use letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit';
  }
  return undefined;
}

/** Label values: empty, or ≤ 63 characters of the qualified-name alphabet. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length === 0) return undefined;
  if (value.length > 63) return `it is ${value.length} characters long; the maximum is 63`;
  if (!QUALIFIED_NAME_PART.test(value)) {
    return 'use letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit';
  }
  return undefined;
}

/** IANA service names, used for port names: ≤ 15 chars, a letter somewhere, no `--`. */
export function portNameProblem(value: string): string | undefined {
  if (value.length === 0) return 'it must not be empty';
  if (value.length > 15) return `it is ${value.length} characters long; the maximum is 15`;
  if (!/^[-a-z0-9]+$/.test(value)) return 'use only lowercase letters, digits and `-`';
  if (!/[a-z]/.test(value)) return 'it must contain at least one letter';
  if (value.includes('--')) return 'it must not contain `--`';
  if (value.startsWith('-') || value.endsWith('-')) return 'it must not start or end with `-`';
  return undefined;
}

// The image reference grammar of github.com/distribution/reference, which Docker enforces.
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);

export interface ImageReference {
  name: string;
  tag?: string;
  digest?: string;
}

export function parseImageReference(image: string): ImageReference | undefined {
  const match = REFERENCE.exec(image);
  if (!match || (match[1] ?? '').length > 255) return undefined;
  const [, name = '', tag, digest] = match;
  return { name, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

export function imageReferenceProblem(image: string): string | undefined {
  if (image.trim() !== image) return 'it must not start or end with whitespace';
  if (parseImageReference(image)) return undefined;
  if (parseImageReference(image.toLowerCase())) return 'repository names must be lowercase';
  return 'expected [registry/]repository[:tag][@digest], e.g. `podlab/toolbox:1`';
}

/**
 * The Kubernetes default: `Always` when the tag is `latest` or there is neither tag nor digest
 * (the tag is then implicitly `latest`), otherwise `IfNotPresent`.
 */
export function defaultPullPolicy(image: string): PullPolicy {
  const ref = parseImageReference(image);
  const tag = ref?.tag ?? (ref?.digest ? undefined : 'latest');
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** Linux capabilities Docker accepts (without the CAP_ prefix), plus Docker's `ALL`. */
export const LINUX_CAPABILITIES: readonly string[] = [
  'ALL',
  'AUDIT_CONTROL', 'AUDIT_READ', 'AUDIT_WRITE', 'BLOCK_SUSPEND', 'BPF', 'CHECKPOINT_RESTORE',
  'CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'IPC_LOCK', 'IPC_OWNER', 'KILL',
  'LEASE', 'LINUX_IMMUTABLE', 'MAC_ADMIN', 'MAC_OVERRIDE', 'MKNOD', 'NET_ADMIN', 'NET_BIND_SERVICE',
  'NET_BROADCAST', 'NET_RAW', 'PERFMON', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYSLOG',
  'SYS_ADMIN', 'SYS_BOOT', 'SYS_CHROOT', 'SYS_MODULE', 'SYS_NICE', 'SYS_PACCT', 'SYS_PTRACE',
  'SYS_RAWIO', 'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'WAKE_ALARM',
];

/** `cap_net_admin` / `CAP_NET_ADMIN` / `net_admin` → `NET_ADMIN`. */
export function normalizeCapability(name: string): string {
  const upper = name.trim().toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}
