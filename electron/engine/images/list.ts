// `podlab images ls`: the pause and toolbox images (present or not) and every other image
// labelled as Podlab's own.
import type Docker from 'dockerode';
import type { PodlabConfig } from '../base/config.js';
import { LABEL_OWNED } from '../docker/labels.js';
import { isNotFound } from './docker-stream.js';
import { LABEL_IMAGE_ROLE, type ImageRole } from './roles.js';

export interface ListedImage {
  /** A tag, or `<none>` for an untagged leftover (e.g. a pause image replaced by a rebuild). */
  name: string;
  /** pause/toolbox for the two configured images; other owned images may carry a role label too. */
  role?: ImageRole;
  present: boolean;
  id?: string;
  sizeBytes?: number;
  /** ISO 8601. */
  created?: string;
  labels?: Record<string, string>;
}

export async function listImages(docker: Docker, config: PodlabConfig): Promise<ListedImage[]> {
  const configured: { role: ImageRole; name: string }[] = [
    { role: 'pause', name: config.pauseImage },
    { role: 'toolbox', name: config.toolboxImage },
  ];
  const rows: ListedImage[] = [];
  const seenIds = new Set<string>();

  for (const { role, name } of configured) {
    try {
      const info = await docker.getImage(name).inspect();
      seenIds.add(info.Id);
      rows.push({
        name,
        role,
        present: true,
        id: info.Id,
        sizeBytes: info.Size,
        created: new Date(info.Created).toISOString(),
        labels: info.Config?.Labels ?? {},
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      rows.push({ name, role, present: false });
    }
  }

  const owned = await docker.listImages({ filters: { label: [`${LABEL_OWNED}=true`] } });
  for (const img of owned) {
    if (seenIds.has(img.Id)) continue;
    const tags = (img.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
    const roleLabel = img.Labels?.[LABEL_IMAGE_ROLE];
    const role = roleLabel === 'pause' || roleLabel === 'toolbox' ? roleLabel : undefined;
    rows.push({
      name: tags[0] ?? '<none>',
      ...(role ? { role } : {}),
      present: true,
      id: img.Id,
      sizeBytes: img.Size,
      created: new Date(img.Created * 1000).toISOString(),
      labels: img.Labels ?? {},
    });
  }
  return rows;
}
