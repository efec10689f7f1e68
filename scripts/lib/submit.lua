-- wrk script: POSTs one attestation per request (one-day periods; a repeat period is a new
-- revision-less record, which is what a contractor's daily upload looks like).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("ITAKU_TOKEN")
wrk.path = os.getenv("ITAKU_PATH")
wrk.body = [[{"periodStart": "2016-03-01", "periodEnd": "2016-03-01", "questionnaireVersion": 1,
 "answers": {"access_control_need_to_know": true, "access_review_interval_days": 90, "leaver_access_removed_days": 1,
  "encryption_at_rest": true, "encryption_in_transit": true, "access_logging": true, "access_log_retention_days": 400,
  "staff_confidentiality_undertakings": true, "staff_training_in_period": true, "removable_media_policy": "blocked_technically",
  "printouts_controlled": true, "copies_outside_scope": false, "secure_disposal": true, "physical_security": true, "notes": ""},
 "dataItemsHeld": ["name"], "recordsHeld": 10, "locations": ["JP"], "subcontractorsUsed": [], "thirdPartyDisclosures": [],
 "incidentsInPeriod": 0, "dispositions": []}]]
