{{/* Chart name, overridable with nameOverride. */}}
{{- define "stripe-webhook-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Prefix of every resource name: fullnameOverride, or release name plus chart name unless the release name already holds it. */}}
{{- define "stripe-webhook-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Cluster-scoped names carry the release namespace so that two releases of the same name never collide. */}}
{{- define "stripe-webhook-operator.clusterName" -}}
{{- printf "%s-%s" .Release.Namespace (include "stripe-webhook-operator.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "stripe-webhook-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The chart's own labels. */}}
{{- define "stripe-webhook-operator.chartLabels" -}}
helm.sh/chart: {{ include "stripe-webhook-operator.chart" . }}
{{ include "stripe-webhook-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: stripe-webhook-operator
{{- end }}

{{/* Labels on every object of the chart: commonLabels and the chart's own. */}}
{{- define "stripe-webhook-operator.labels" -}}
{{ include "stripe-webhook-operator.labelsWith" (list . dict) }}
{{- end }}

{{/*
The labels of an object with extra labels of its own, (list $ extraLabels): commonLabels, the extra labels over them,
the chart's own over both, so that no key is written twice.
*/}}
{{- define "stripe-webhook-operator.labelsWith" -}}
{{- $root := index . 0 -}}
{{- $labels := include "stripe-webhook-operator.chartLabels" $root | fromYaml -}}
{{- $labels = merge $labels (deepCopy (index . 1 | default dict)) (deepCopy ($root.Values.commonLabels | default dict)) -}}
{{- toYaml $labels -}}
{{- end }}

{{/* Labels that select the operator pods; never change them in an upgrade (Deployment selectors are immutable). */}}
{{- define "stripe-webhook-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "stripe-webhook-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "stripe-webhook-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "stripe-webhook-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The leader election Lease: named after the release, so that two releases in one namespace never share it. */}}
{{- define "stripe-webhook-operator.leaseName" -}}
{{- printf "%s-leader" (include "stripe-webhook-operator.fullname" .) }}
{{- end }}

{{/*
An image reference from (list <image values> <appVersion> <registry>): the repository with its registry replaced by
<registry> when that is set (its first component is a registry host when it holds a '.' or a ':' or is localhost, as
container runtimes read references; a repository without one gets <registry> in front), then by digest when one is
set, else by tag (appVersion when empty).
*/}}
{{- define "stripe-webhook-operator.imageRef" -}}
{{- $image := index . 0 -}}
{{- $registry := index . 2 -}}
{{- $repository := $image.repository -}}
{{- if $registry -}}
{{- $parts := splitList "/" $repository -}}
{{- $first := first $parts -}}
{{- if and (gt (len $parts) 1) (or (contains "." $first) (contains ":" $first) (eq $first "localhost")) -}}
{{- $repository = rest $parts | join "/" -}}
{{- end -}}
{{- $repository = printf "%s/%s" $registry $repository -}}
{{- end -}}
{{- if $image.digest -}}
{{- printf "%s@%s" $repository $image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repository (default (index . 1) $image.tag) -}}
{{- end -}}
{{- end }}

{{- define "stripe-webhook-operator.operatorImage" -}}
{{- include "stripe-webhook-operator.imageRef" (list .Values.image .Chart.AppVersion .Values.image.registry) }}
{{- end }}

{{- define "stripe-webhook-operator.receiverImage" -}}
{{- include "stripe-webhook-operator.imageRef" (list .Values.receiver.image .Chart.AppVersion .Values.image.registry) }}
{{- end }}

{{/* The labels the operator puts on every endpoint's receiver pods (operator: StripeWebhooks.labels), for monitoring. */}}
{{- define "stripe-webhook-operator.receiverPodLabels" -}}
app.kubernetes.io/name: stripe-webhook-receiver
app.kubernetes.io/component: receiver
app.kubernetes.io/managed-by: stripe-webhook-operator
{{- end }}

{{/* An alert's labels: (list $ severity). */}}
{{- define "stripe-webhook-operator.alertLabels" -}}
{{- $root := index . 0 -}}
severity: {{ index . 1 }}
{{- with $root.Values.monitoring.prometheusRule.alertLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* An alert's runbook URL, when monitoring.prometheusRule.runbookUrl is set: (list $ alertName). */}}
{{- define "stripe-webhook-operator.runbookUrl" -}}
{{- $root := index . 0 -}}
{{- with $root.Values.monitoring.prometheusRule.runbookUrl -}}
{{- printf "%s#%s" . (lower (index $ 1)) -}}
{{- end -}}
{{- end }}

{{/*
The receiver pods' defaults as the operator's RECEIVER_DEFAULTS: receiver.pod, receiver.forwarding and receiver.retention
in the shape of an endpoint's spec.receiver.pod, .forwarding and spec.retention, without the values left empty.
*/}}
{{- define "stripe-webhook-operator.receiverDefaults" -}}
{{- $pod := dict -}}
{{- range $key, $value := .Values.receiver.pod }}{{ if $value }}{{ $_ := set $pod $key $value }}{{ end }}{{ end -}}
{{- $forwarding := dict -}}
{{- range $key, $value := .Values.receiver.forwarding }}{{ if $value }}{{ $_ := set $forwarding $key $value }}{{ end }}{{ end -}}
{{- $defaults := dict "pod" $pod "forwarding" $forwarding -}}
{{- with .Values.receiver.retention }}{{ $_ := set $defaults "retention" . }}{{ end -}}
{{- $defaults | toJson -}}
{{- end }}
