// The dockerode client integration tests use: DOCKER_HOST when set, else the local socket.
import type Docker from 'dockerode';
import { createDocker } from '../../electron/engine/docker/client.js';

export function testEndpointUrl(): string {
  return process.env.DOCKER_HOST || 'unix:///var/run/docker.sock';
}

export function testDocker(): Docker {
  const url = process.env.DOCKER_HOST;
  return url ? createDocker({ url, source: 'DOCKER_HOST' }) : createDocker({ url: testEndpointUrl(), source: 'default' });
}
