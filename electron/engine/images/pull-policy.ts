// Kubernetes' imagePullPolicy: when an image is pulled before a container of it starts.
export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';
