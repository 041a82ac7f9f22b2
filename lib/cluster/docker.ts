import { getContainerRuntimeClient, type ContainerRuntimeClient } from 'testcontainers';
import { InfrastructureError } from '../errors.js';

// No reaper image can be pulled here; the cluster cleans up after itself by label.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';

let client: Promise<ContainerRuntimeClient> | undefined;

/** The testcontainers runtime client (and through it dockerode), created once. */
export function docker(): Promise<ContainerRuntimeClient> {
  client ??= getContainerRuntimeClient().catch((err: unknown) => {
    client = undefined;
    throw new InfrastructureError(
      'the Docker engine does not answer',
      'start it with fixtures/cluster/scripts/ensure-docker.sh (installs and starts dockerd), or check DOCKER_HOST',
      { cause: err },
    );
  });
  return client;
}
