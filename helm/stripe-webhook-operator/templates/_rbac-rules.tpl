{{/*
The one list of what the operator may do to the objects of the namespaces it watches. The cluster
mode's ClusterRole and the namespaced mode's Roles both render exactly these rules; adjust them here
only. Everything the operator creates for an endpoint lives in the endpoint's own namespace.
*/}}
{{- define "stripe-webhook-operator.rules" -}}
# The resource it reconciles: it adds and removes its finalizer and writes status.
- apiGroups: ["webhooks.stripe-operator.dev"]
  resources: ["stripewebhookendpoints"]
  verbs: ["get", "list", "watch", "update", "patch"]
- apiGroups: ["webhooks.stripe-operator.dev"]
  resources: ["stripewebhookendpoints/status"]
  verbs: ["get", "update", "patch"]
- apiGroups: ["webhooks.stripe-operator.dev"]
  resources: ["stripewebhookendpoints/finalizers"]
  verbs: ["update"]
# Secrets: reads the user's signing, database and API-key Secrets; owns <name>-signing.
# Services: <name>-stripe-receiver.
- apiGroups: [""]
  resources: ["secrets", "services"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# Pods: reads the termination message of reconcile Jobs' pods for status.lastReconciliation.
# No CRD read: the operator learns whether the Gateway API is installed from API discovery.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["batch"]
  resources: ["cronjobs"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["networking.k8s.io"]
  resources: ["ingresses", "networkpolicies"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["gateway.networking.k8s.io"]
  resources: ["httproutes"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["autoscaling"]
  resources: ["horizontalpodautoscalers"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
{{- end }}

{{/* Leader election: one Lease in the release namespace, only when leaderElection.enabled. */}}
{{- define "stripe-webhook-operator.leaderElectionRules" -}}
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["get", "create", "update"]
{{- end }}
