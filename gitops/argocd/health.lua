-- Argo CD health of a StripeWebhookEndpoint (webhooks.stripe-operator.dev), from the status the operator writes.
-- Healthy: Ready is True. Degraded: something only a person can fix (a Secret or key missing, an exposure that
-- conflicts or cannot exist, a failed reconcile). Progressing: the operator or the cluster is still at work.
-- Written for what Argo CD gives a script from argocd-cm: Lua 5.1 (gopher-lua) with only the base and table
-- libraries, no string, math or os. `make test` runs it that way (build/argocd-health) against testdata/.
local hs = { status = "Progressing", message = "Waiting for the operator to report a status" }

-- The Exposed reasons of an exposure that is still coming about (its controller has not admitted it yet).
local pending = { IngressPending = true, HTTPRoutePending = true }

if obj.status == nil or obj.status.conditions == nil then
  return hs
end

local generation = obj.metadata and obj.metadata.generation
local observed = obj.status.observedGeneration
if generation ~= nil and (observed == nil or observed < generation) then
  hs.message = "Waiting for the operator to reconcile generation " .. tostring(generation)
  return hs
end

local conditions = {}
for _, condition in ipairs(obj.status.conditions) do
  conditions[condition.type] = condition
end

local function failing(type)
  local condition = conditions[type]
  if condition ~= nil and condition.status == "False" then
    return condition
  end
  return nil
end

local function describe(condition)
  local text = condition.type .. "=" .. condition.status
  if condition.reason ~= nil and condition.reason ~= "" then
    text = text .. " (" .. condition.reason .. ")"
  end
  if condition.message ~= nil and condition.message ~= "" then
    text = text .. ": " .. condition.message
  end
  return text
end

local ready = conditions["Ready"]
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = "Ready"
  if obj.status.url ~= nil then
    hs.message = "Ready at " .. obj.status.url
  end
  local scoped = failing("ReconciliationScoped")
  if scoped ~= nil then
    hs.message = hs.message .. "; warning: " .. describe(scoped)
  end
  return hs
end

-- A missing or empty Secret, and exposures that cannot come about by waiting, need a person.
local secrets = failing("SecretsReady")
if secrets ~= nil then
  hs.status = "Degraded"
  hs.message = describe(secrets)
  return hs
end
local exposed = failing("Exposed")
if exposed ~= nil and exposed.reason ~= nil and not pending[exposed.reason] then
  hs.status = "Degraded"
  hs.message = describe(exposed)
  return hs
end

-- Children on their way: the receiver's pods, the CronJob, the Ingress or HTTPRoute.
for _, type in ipairs({ "ReceiverAvailable", "ReconciliationScheduled", "Exposed" }) do
  local condition = failing(type)
  if condition ~= nil then
    hs.message = describe(condition)
    return hs
  end
end

-- Not ready and no child to wait for: the reconcile itself failed.
if ready ~= nil and ready.status == "False" then
  hs.status = "Degraded"
  hs.message = describe(ready)
end
return hs
