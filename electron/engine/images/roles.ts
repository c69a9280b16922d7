// The two images every lab needs, and the labels that mark an image as Podlab's own.
import { LABEL_OWNED } from '../docker/labels.js';

export const LABEL_IMAGE_ROLE = 'io.podlab.image-role';

export type ImageRole = 'pause' | 'toolbox';
export const IMAGE_ROLES: readonly ImageRole[] = ['pause', 'toolbox'];

export function imageLabels(role: ImageRole): Record<string, string> {
  return { [LABEL_OWNED]: 'true', [LABEL_IMAGE_ROLE]: role };
}
