{{/*
The one list of what the operator may do to the objects of the namespaces it watches. The cluster
mode's ClusterRole and the namespaced mode's Roles both render exactly these rules; adjust them here
only. Everything the operator creates for an endpoint lives in the endpoint's own namespace.
*/}}
{{- define "stripe-webhook-operator.rules" -}}
# Exactly what the operator uses (the end-to-end tests compare these grants with the API server's audit log).
# Informers list and watch; children are written with server-side apply (a PATCH, which creates an object that
# does not exist yet, so create too); only the children a spec change can make unnecessary are deleted by the
# operator, the others go with their endpoint through the garbage collector.
# patch: the operator's finalizer (added on first reconcile, removed once a managed endpoint's Stripe endpoints
# are deleted).
- apiGroups: ["webhooks.stripe-operator.dev"]
  resources: ["stripewebhookendpoints"]
  verbs: ["list", "watch", "patch"]
- apiGroups: ["webhooks.stripe-operator.dev"]
  resources: ["stripewebhookendpoints/status"]
  verbs: ["patch"]
# The children's ownerReferences block their endpoint's deletion until they are gone; clusters with the
# OwnerReferencesPermissionEnforcement admission plugin (OpenShift) check this grant on every child's create.
- apiGroups: ["webhooks.stripe-operator.dev"]
  resources: ["stripewebhookendpoints/finalizers"]
  verbs: ["update"]
# StripeWebhookReplays: each runs once as a Job whose outcome the operator writes into its status; no finalizer.
# finalizers: the replay Job's ownerReference blocks the replay's deletion (OwnerReferencesPermissionEnforcement).
- apiGroups: ["webhooks.stripe-operator.dev"]
  resources: ["stripewebhookreplays"]
  verbs: ["list", "watch"]
- apiGroups: ["webhooks.stripe-operator.dev"]
  resources: ["stripewebhookreplays/status"]
  verbs: ["patch"]
- apiGroups: ["webhooks.stripe-operator.dev"]
  resources: ["stripewebhookreplays/finalizers"]
  verbs: ["update"]
# Secrets: watches each Secret an endpoint references by name (reading it once directly until its watch has
# listed it) and its own <name>-signing by label.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create", "patch"]
# Services: <name>-stripe-receiver. Deployments: the receiver.
- apiGroups: [""]
  resources: ["services"]
  verbs: ["list", "watch", "create", "patch"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["list", "watch", "create", "patch"]
# NetworkPolicies: stripe-webhook-receivers, one per namespace for the receivers of all its endpoints, owned by none
# of them; the last endpoint of the namespace deletes it when it goes.
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# Pods: the termination messages of reconcile and replay Jobs' pods, for status.lastReconciliation and the replays'
# status.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "watch"]
# Events: the story of each endpoint for kubectl describe, one per change of its status.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
# Jobs: each StripeWebhookReplay's, created once and never changed (it goes with its replay through the garbage
# collector), and the backfill Jobs, watched while they run (BackfillRunning, ReplayRunning).
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["list", "watch", "create", "patch"]
# Children that come and go with the spec: the reconcile CronJob, the exposure, the budget, the autoscaler.
- apiGroups: ["batch"]
  resources: ["cronjobs"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["networking.k8s.io"]
  resources: ["ingresses"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["gateway.networking.k8s.io"]
  resources: ["httproutes"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["autoscaling"]
  resources: ["horizontalpodautoscalers"]
  verbs: ["list", "watch", "create", "patch", "delete"]
{{- end }}

{{/*
Leader election: this release's Lease in the release namespace, only when leaderElection.enabled. A create cannot
be limited to a name (the object does not exist yet); reading and renewing are, so another release's Lease is out of reach.
The leader renews with a PATCH; `update` is never sent, but the operator checks for it before it starts electing.
*/}}
{{- define "stripe-webhook-operator.leaderElectionRules" -}}
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["create"]
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  resourceNames: [{{ include "stripe-webhook-operator.leaseName" . | quote }}]
  verbs: ["get", "update", "patch"]
{{- end }}
