// The two images every lab needs, and the labels that mark an image as Podlab's own.
import { LABEL_OWNED } from '../docker/labels.js';

export const LABEL_IMAGE_ROLE = 'io.podlab.image-role';

export type ImageRole = 'pause' | 'toolbox';
export const IMAGE_ROLES: readonly ImageRole[] = ['pause', 'toolbox'];

/**
 * Which recipe built an image, so one built by an older Podlab is known to lack what labs use.
 * 2: pause static against musl (~30 kB), the toolbox with the rsyslogd stand-in.
 */
export const LABEL_IMAGE_REVISION = 'io.podlab.image-revision';
export const IMAGE_REVISIONS: Readonly<Record<ImageRole, number>> = { pause: 2, toolbox: 3 };

export function imageLabels(role: ImageRole): Record<string, string> {
  return { [LABEL_OWNED]: 'true', [LABEL_IMAGE_ROLE]: role, [LABEL_IMAGE_REVISION]: String(IMAGE_REVISIONS[role]) };
}

/** Whether an image's labels say this Podlab's recipe (or a newer one) built it. */
export function isImageCurrent(role: ImageRole, labels: Record<string, string> | null | undefined): boolean {
  const revision = Number(labels?.[LABEL_IMAGE_REVISION]);
  return Number.isInteger(revision) && revision >= IMAGE_REVISIONS[role];
}
