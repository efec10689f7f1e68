-- wrk script: GET with a bearer token from ITAKU_TOKEN.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("ITAKU_TOKEN")
