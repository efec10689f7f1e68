-- wrk script: POSTs one attestation per request, spread over the contractors listed in
-- ITAKU_TOKENS (a file of "contractor-id token" lines), each for a one-day period of its own:
-- each thread counts days from its own start, and ITAKU_DAY_OFFSET keeps successive runs apart.
-- Days run forward from 1900-01-01. With ITAKU_THREAD_RATE (requests per second) each thread
-- paces its requests to that rate, however many connections it holds.
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

local ffi = require("ffi")
ffi.cdef[[
    typedef struct { long tv_sec; long tv_nsec; } itaku_timespec;
    int clock_gettime(int clock, itaku_timespec *now);
]]
local now_spec = ffi.new("itaku_timespec")
local function now_ms()
    ffi.C.clock_gettime(1, now_spec)  -- CLOCK_MONOTONIC
    return tonumber(now_spec.tv_sec) * 1000 + tonumber(now_spec.tv_nsec) / 1e6
end

local rate = tonumber(os.getenv("ITAKU_THREAD_RATE") or "")
local next_slot
if rate then
    -- Each thread's requests go out one interval apart; a late one does not make the next early.
    function delay()
        local interval = 1000 / rate
        local now = now_ms()
        next_slot = math.max((next_slot or now) + interval, now)
        return math.floor(next_slot - now)
    end
end

local sent = 0
-- The body, with DAY for the period (scripts/bench-load captures submissions with it too).
local file = assert(io.open("scripts/lib/attestation.json"))
local template = file:read("*a")
file:close()

function request()
    local contractor = contractors[sent % #contractors + 1]
    local day = os.date("!%Y-%m-%d", -2208988800 + (first_day + math.floor(sent / #contractors)) * 86400)
    sent = sent + 1
    local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. contractor.token}
    return wrk.format("POST", "/api/v1/contractors/" .. contractor.id .. "/attestations", headers, (template:gsub("DAY", day)))
end
