// `podlab doctor`: which engine Podlab reaches and why, what that engine is, whether the pause and
// toolbox images are there, and every problem with the next step. The report is plain JSON so
// `podlab doctor --json` and the window show the same thing.
import type Docker from 'dockerode';
import type { PodlabConfig } from './base/config.js';
import { errorToJSON, type PodlabErrorJSON } from './base/errors.js';
import { compareApiVersions } from './docker/api-version.js';
import type { Endpoint } from './docker/client.js';
import { abortable, connectTo, type ConnectOptions, type EngineVersion } from './docker/connect.js';
import { describeEndpointSource, resolveEndpoint } from './docker/endpoint.js';
import { isImageCurrent } from './images/roles.js';

/** The oldest Engine API Podlab is tested against (Debian's dockerd 20.10). */
export const TESTED_MIN_API_VERSION = '1.41';
const INFO_TIMEOUT_MS = 15_000;

export interface VmGuess {
  /** Docker Desktop, Colima, OrbStack, Rancher Desktop, Lima, WSL 2, minikube, or "a Linux VM". */
  kind: string;
  /** The fact it was read from, e.g. `OperatingSystem: Docker Desktop`. */
  evidence: string;
}

export interface EngineReport {
  serverVersion: string;
  apiVersion: string;
  minApiVersion?: string | undefined;
  /** e.g. "Docker Desktop 4.38.0"; absent for a plain engine. */
  platformName?: string | undefined;
  os: string;
  arch: string;
  kernelVersion?: string | undefined;
  /** The engine host's OS, e.g. "Debian GNU/Linux 12 (bookworm)" or "Docker Desktop". */
  operatingSystem?: string | undefined;
  /** Engine host name (`docker info` Name). */
  name?: string | undefined;
  storageDriver?: string | undefined;
  /** "1" or "2". */
  cgroupVersion?: string | undefined;
  cgroupDriver?: string | undefined;
  /** As the engine lists them, e.g. `name=seccomp,profile=default`. */
  securityOptions: string[];
  rootless: boolean;
  usernsRemap: boolean;
  defaultRuntime?: string | undefined;
  cpus?: number | undefined;
  memoryBytes?: number | undefined;
  /** Where the engine runs when it is not this machine's own kernel. */
  vm: VmGuess | null;
  /** The engine's own warnings (`docker info` Warnings). */
  warnings: string[];
}

export interface ImageReport {
  role: 'pause' | 'toolbox';
  ref: string;
  present: boolean;
  id?: string;
  sizeBytes?: number;
  created?: string;
  /** Built by an older Podlab (e.g. a toolbox without the rsyslogd stand-in): rebuild it. */
  outdated?: boolean;
}

export interface DoctorProblem {
  /** error: Podlab cannot run pods as things are; warning: it may misbehave; info: worth knowing. */
  severity: 'error' | 'warning' | 'info';
  message: string;
  hint?: string;
}

export interface DoctorReport {
  /** An engine answered and no problem is an error. */
  ok: boolean;
  reachable: boolean;
  /** Null only when the endpoint could not be resolved (e.g. a broken config.json). */
  endpoint: Endpoint | null;
  /** Human words for where the endpoint came from, e.g. "from DOCKER_HOST". */
  endpointSource?: string;
  engine: EngineReport | null;
  images: ImageReport[];
  problems: DoctorProblem[];
  /** Why no engine answered, as PodlabError JSON. */
  error?: PodlabErrorJSON;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

/** Names the VM an engine lives in from what it says about itself; null when nothing suggests one. */
export function detectVm(
  info: Record<string, unknown>,
  version: Pick<EngineVersion, 'platformName' | 'kernelVersion'>,
  endpoint: Endpoint,
  hostPlatform: NodeJS.Platform = process.platform,
): VmGuess | null {
  const osName = str(info.OperatingSystem) ?? '';
  const name = str(info.Name) ?? '';
  const kernel = str(info.KernelVersion) ?? version.kernelVersion ?? '';
  const platformName = version.platformName ?? '';
  if (/docker desktop/i.test(osName)) return { kind: 'Docker Desktop', evidence: `OperatingSystem: ${osName}` };
  if (/docker desktop/i.test(platformName)) return { kind: 'Docker Desktop', evidence: `Platform: ${platformName}` };
  if (/orbstack/i.test(osName) || /^orbstack$/i.test(name)) return { kind: 'OrbStack', evidence: `OperatingSystem: ${osName}, Name: ${name}` };
  if (/^colima(-|$)/i.test(name)) return { kind: 'Colima', evidence: `Name: ${name}` };
  if (/rancher.desktop/i.test(name) || /rancher desktop/i.test(osName)) return { kind: 'Rancher Desktop', evidence: `Name: ${name}` };
  if (/^lima-/i.test(name)) return { kind: 'Lima', evidence: `Name: ${name}` };
  if (/^minikube/i.test(name)) return { kind: 'minikube', evidence: `Name: ${name}` };
  if (/microsoft|wsl/i.test(kernel)) return { kind: 'WSL 2', evidence: `KernelVersion: ${kernel}` };
  // A local socket on a non-Linux machine can only lead to a Linux VM.
  const local = endpoint.url.startsWith('unix://') || endpoint.url.startsWith('npipe://');
  if (local && hostPlatform !== 'linux' && str(info.OSType) === 'linux') {
    return { kind: 'a Linux VM', evidence: `a Linux engine behind a local socket on ${hostPlatform}` };
  }
  return null;
}

function engineReport(info: Record<string, unknown>, v: EngineVersion, endpoint: Endpoint): EngineReport {
  const securityOptions = Array.isArray(info.SecurityOptions) ? info.SecurityOptions.filter((s): s is string => typeof s === 'string') : [];
  const has = (n: string) => securityOptions.some((s) => s.split(',').includes(`name=${n}`));
  return {
    serverVersion: str(info.ServerVersion) ?? v.version,
    apiVersion: v.apiVersion,
    minApiVersion: v.minApiVersion,
    platformName: v.platformName,
    os: v.os,
    arch: v.arch,
    kernelVersion: str(info.KernelVersion) ?? v.kernelVersion,
    operatingSystem: str(info.OperatingSystem),
    name: str(info.Name),
    storageDriver: str(info.Driver),
    cgroupVersion: str(info.CgroupVersion),
    cgroupDriver: str(info.CgroupDriver),
    securityOptions,
    rootless: has('rootless'),
    usernsRemap: has('userns'),
    defaultRuntime: str(info.DefaultRuntime),
    cpus: num(info.NCPU),
    memoryBytes: num(info.MemTotal),
    vm: detectVm(info, v, endpoint),
    warnings: Array.isArray(info.Warnings) ? info.Warnings.filter((w): w is string => typeof w === 'string') : [],
  };
}

/** Quirks of this engine that change what a learner sees or what works. */
function engineProblems(engine: EngineReport, v: EngineVersion): DoctorProblem[] {
  const problems: DoctorProblem[] = [];
  if (v.os && v.os !== 'linux') {
    problems.push({
      severity: 'error',
      message: `the engine runs ${v.os} containers; Pods need Linux containers`,
      hint: 'switch Docker Desktop to Linux containers (tray menu → "Switch to Linux containers")',
    });
  }
  if (v.components.some((c) => /podman/i.test(c.name))) {
    problems.push({
      severity: 'warning',
      message: "this is Podman's Docker-compatible API; shared namespaces and restarts may behave differently",
      hint: 'use Docker Engine, Docker Desktop, Colima or OrbStack for the labs',
    });
  }
  if (compareApiVersions(v.apiVersion, TESTED_MIN_API_VERSION) < 0) {
    problems.push({
      severity: 'warning',
      message: `Engine API ${v.apiVersion} is older than the oldest Podlab is tested with (${TESTED_MIN_API_VERSION})`,
      hint: 'upgrade Docker to 20.10 or later',
    });
  }
  if (engine.storageDriver === 'vfs') {
    problems.push({
      severity: 'warning',
      message: 'the vfs storage driver copies every image layer for each container: Pods start slowly',
      hint: 'configure overlay2 in the daemon settings',
    });
  }
  if (engine.usernsRemap) {
    problems.push({
      severity: 'warning',
      message: 'user-namespace remapping is on: a container sharing the host PID namespace needs `--userns=host`',
      hint: 'the process inspector sets it; expect container UIDs to differ from host UIDs',
    });
  }
  if (engine.rootless) {
    problems.push({
      severity: 'info',
      message: 'rootless engine: host ports below 1024 cannot be published',
      hint: 'use hostPort values of 1024 or more',
    });
  }
  if (engine.cgroupVersion === '1') {
    problems.push({
      severity: 'info',
      message: 'cgroup v1: containers share the host cgroup namespace by default, so the namespace view shows the cgroup namespace shared with the host',
    });
  }
  if (engine.vm) {
    problems.push({
      severity: 'info',
      message: `the engine runs inside ${engine.vm.kind}: Pod processes live in that VM, so \`ps\` on this machine will not show them`,
      hint: "use Podlab's process view or a terminal inside a Pod to see them",
    });
  }
  return problems;
}

async function imageReport(docker: Docker, role: ImageReport['role'], ref: string): Promise<ImageReport> {
  try {
    const img = await docker.getImage(ref).inspect();
    const outdated = !isImageCurrent(role, img.Config?.Labels);
    return { role, ref, present: true, id: img.Id, sizeBytes: img.Size, created: img.Created, ...(outdated ? { outdated } : {}) };
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return { role, ref, present: false };
    throw err;
  }
}

function unreachable(endpoint: Endpoint | null, err: unknown): DoctorReport {
  const error = errorToJSON(err, { bugHint: false });
  return {
    ok: false,
    reachable: false,
    endpoint,
    ...(endpoint ? { endpointSource: describeEndpointSource(endpoint) } : {}),
    engine: null,
    images: [],
    problems: [{ severity: 'error', message: error.message, ...(error.hint ? { hint: error.hint } : {}) }],
    error,
  };
}

export async function doctor(config: PodlabConfig, opts: ConnectOptions = {}): Promise<DoctorReport> {
  let endpoint: Endpoint;
  try {
    endpoint = await resolveEndpoint({ ...opts, setting: config.dockerHost });
  } catch (err) {
    return unreachable(null, err);
  }
  let docker: Docker;
  let version: EngineVersion;
  try {
    ({ docker, version } = await connectTo(endpoint, opts));
  } catch (err) {
    return unreachable(endpoint, err);
  }

  const problems: DoctorProblem[] = [];
  const roles = [
    ['pause', config.pauseImage],
    ['toolbox', config.toolboxImage],
  ] as const;
  const [infoBody, images] = await Promise.all([
    abortable(docker).info({ abortSignal: AbortSignal.timeout(INFO_TIMEOUT_MS) }).catch((err: Error) => {
      problems.push({
        severity: 'warning',
        message: `the engine answered /version but not /info (${err.message})`,
        hint: 'restart the engine if this persists',
      });
      return {};
    }),
    Promise.all(
      roles.map(([role, ref]) =>
        imageReport(docker, role, ref).catch((err: Error): ImageReport => {
          problems.push({ severity: 'warning', message: `cannot inspect image ${ref}: ${err.message}` });
          return { role, ref, present: false };
        }),
      ),
    ),
  ]);
  const engine = engineReport(typeof infoBody === 'object' && infoBody !== null ? (infoBody as Record<string, unknown>) : {}, version, endpoint);
  problems.push(...engineProblems(engine, version));
  for (const img of images) {
    if (!img.present) {
      problems.push({
        severity: 'error',
        message: `the ${img.role} image ${img.ref} is missing`,
        hint: 'run `podlab images build`',
      });
    } else if (img.outdated) {
      problems.push({ severity: 'warning', message: `the ${img.role} image ${img.ref} was built by an older Podlab`, hint: 'run `podlab images build`' });
    }
  }

  // Errors first: what blocks Pods matters more than what is worth knowing.
  const rank = { error: 0, warning: 1, info: 2 } as const;
  problems.sort((a, b) => rank[a.severity] - rank[b.severity]);
  return {
    ok: !problems.some((p) => p.severity === 'error'),
    reachable: true,
    endpoint,
    endpointSource: describeEndpointSource(endpoint),
    engine,
    images,
    problems,
  };
}
