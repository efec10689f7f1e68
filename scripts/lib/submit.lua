-- wrk script: POSTs one attestation per request, spread over the contractors listed in
-- ITAKU_TOKENS (a file of "contractor-id token" lines), each for a one-day period of its own:
-- each thread counts days from its own start, and ITAKU_DAY_OFFSET keeps successive runs apart.
-- Days run forward from 1900-01-01.
local contractors = {}
for line in io.lines(os.getenv("ITAKU_TOKENS")) do
    local id, token = line:match("^(%S+) (%S+)$")
    if id then contractors[#contractors + 1] = {id = id, token = token} end
end

local threads = 0
function setup(thread)
    thread:set("first_day", tonumber(os.getenv("ITAKU_DAY_OFFSET") or "0") + threads * 10000)
    threads = threads + 1
end

local sent = 0
local template = [[{"periodStart": "DAY", "periodEnd": "DAY", "questionnaireVersion": 1,
 "answers": {"access_control_need_to_know": true, "access_review_interval_days": 90, "leaver_access_removed_days": 1,
  "encryption_at_rest": true, "encryption_in_transit": true, "access_logging": true, "access_log_retention_days": 400,
  "staff_confidentiality_undertakings": true, "staff_training_in_period": true, "removable_media_policy": "blocked_technically",
  "printouts_controlled": true, "copies_outside_scope": false, "secure_disposal": true, "physical_security": true, "notes": ""},
 "dataItemsHeld": ["name"], "recordsHeld": 10, "locations": ["JP"], "subcontractorsUsed": [], "thirdPartyDisclosures": [],
 "incidentsInPeriod": 0, "dispositions": []}]]

function request()
    local contractor = contractors[sent % #contractors + 1]
    local day = os.date("!%Y-%m-%d", -2208988800 + (first_day + math.floor(sent / #contractors)) * 86400)
    sent = sent + 1
    local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. contractor.token}
    return wrk.format("POST", "/api/v1/contractors/" .. contractor.id .. "/attestations", headers, (template:gsub("DAY", day)))
end
