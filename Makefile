# Build, test and run the Stripe Webhook Operator. Every Java step goes through $(MVN), which runs
# Maven on a JDK >= 21 found by build/find-jdk, whatever the machine's default `java` is.

SHELL := /usr/bin/env bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

JDK_HOME := $(shell build/find-jdk 21 2>/dev/null)
MVN_FLAGS ?= -B -ntp
MVN = $(if $(JDK_HOME),JAVA_HOME=$(JDK_HOME) mvn $(MVN_FLAGS),$(error $(shell build/find-jdk 21 2>&1 >/dev/null)))
JAVA = $(JDK_HOME)/bin/java

##@ General

.PHONY: help
help: ## Show this help.
	@awk 'BEGIN {FS = ":.*##"; printf "Usage: make <target>\n"} /^[a-zA-Z_-]+:.*?##/ { printf "  %-12s %s\n", $$1, $$2 } /^##@/ { printf "\n%s\n", substr($$0, 5) }' $(MAKEFILE_LIST)

##@ Development

.PHONY: build
build: ## Compile and package every module, skipping tests.
	$(MVN) -DskipTests package

.PHONY: test
test: ## Run every test: unit and integration.
	$(MVN) verify

.PHONY: run
run: build ## Start a receiver on embedded defaults (embedded PostgreSQL under ./data, a local signing secret).
	STRIPE_WEBHOOK_SECRET=$${STRIPE_WEBHOOK_SECRET:-whsec_local_development_secret} $(JAVA) -jar receiver/target/receiver.jar serve

##@ Benchmark

.PHONY: bench
bench: build ## Load benchmark: our receiver against the Node.js reference receiver on a throwaway PostgreSQL (docs/bench.md).
	bench/run.sh

.PHONY: clean
clean: ## Remove build output.
	$(MVN) clean
