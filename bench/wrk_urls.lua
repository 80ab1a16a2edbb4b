-- wrk script: cycles through the request paths in $DATACAT_URLS (one per line), each wrk
-- thread starting at a different offset.
local paths = {}
local index = 0

function init(args)
  for line in io.lines(os.getenv("DATACAT_URLS")) do
    paths[#paths + 1] = line
  end
  index = math.random(#paths)
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end
