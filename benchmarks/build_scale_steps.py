"""The steps of benchmarks/build_scale.py, each the code of a fresh interpreter.

Each gets its arguments as one JSON argument and prints JSON lines; CHILD_PRELUDE comes
first in every one. Peak memory is the child's ru_maxrss.
"""

CHILD_PRELUDE = """
import json, resource, signal, statistics, sys, time
from pathlib import Path
def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
def cap_memory(gb):  # rdflib needs ~1.2 KB a triple: a cap fails it instead of the machine
    cap = int(gb * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
class Overtime(Exception):
    pass
def _alarm(*_):
    raise Overtime
signal.signal(signal.SIGALRM, _alarm)
def medians(store, runs, limit, stream=False):
    from kg.sparql.catalogue import catalogue
    from kg.sparql.query import Prepared, run_on
    out = {}
    for name, entry in catalogue().items():
        prepared = Prepared(entry.text, entry.bindings({}), entry)
        times, rows, error = [], None, None
        for _ in range(runs):
            started = time.perf_counter()
            signal.alarm(limit)
            try:
                rows = len(run_on(store, prepared).rows)
            except Overtime:
                times = None
                break
            except Exception as exc:  # a store that refuses or fails: said in its cell
                times, error = None, str(exc)[:500]
                break
            finally:
                signal.alarm(0)
            times.append(time.perf_counter() - started)
            if times[-1] > 10:  # a slow one is not repeated: its one run is reported
                break
        out[name] = {"median_s": statistics.median(times) if times else None, "rows": rows}
        if error:
            out[name]["error"] = error
        if stream:
            print(json.dumps({"query": name, **out[name]}), flush=True)
    return out
args = json.loads(sys.argv[1])
"""

SYNTH = """
import kg
started = time.perf_counter()
report = kg.synth(args["schools"], seed=args["seed"], out=Path(args["records"]))
print(json.dumps({"seconds": time.perf_counter() - started, "files": report.files,
                  "clusters": report.clusters}))
"""

BUILD = """
import os, threading
if args["backend"] == "memory":
    cap_memory(args["rdflib_memory_gb"])
import kg
def pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            return sum(int(line.split()[1]) for line in handle if line.startswith("Pss:"))
    except OSError:
        return 0
def tree(pid):  # the process and its descendants (the mappers' fork server, mappers, sort)
    out = [pid]
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                for child in handle.read().split():
                    out += tree(int(child))
        except OSError:
            pass
    return out
done, peak_pss = threading.Event(), [0]
def sample():
    while not done.wait(0.5):
        peak_pss[0] = max(peak_pss[0], sum(pss_kb(p) for p in tree(os.getpid())))
threading.Thread(target=sample, daemon=True).start()
started = time.perf_counter()
report = kg.build([Path(args["records"])], out=Path(args["out"]), backend=args["backend"],
                  turtle=True, maps=False)
seconds = time.perf_counter() - started
done.set()
print(json.dumps({"seconds": seconds, "triples": report.triples, "asserted": report.asserted,
                  "inferred": report.inferred, "peak_mb": peak_mb(),
                  "pss_peak_mb": peak_pss[0] / 1024}))
"""

QUERIES = """
from kg.store import OxigraphStore
store = OxigraphStore(Path(args["out"]) / "store", read_only=True)
medians(store, args["runs"], 600, stream=True)
print(json.dumps({"peak_mb": peak_mb()}))
"""

EXPORT = """
import kg
started = time.perf_counter()
kg.export("nt", store=Path(args["out"]) / "store", out=Path(args["nt"]), inferred=True,
          ontology=True)
exported = time.perf_counter() - started
import pyoxigraph as ox  # the same quads, graphs and all: what the floor loads
built = ox.Store.read_only(str(Path(args["out"]) / "store"))
with open(args["nq"], "wb") as handle:
    built.dump(handle, format=ox.RdfFormat.N_QUADS)
with open(args["nt"], "rb") as handle:
    triples = sum(1 for _ in handle)
print(json.dumps({"export_nt_s": exported, "nt_triples": triples, "peak_mb": peak_mb()}))
"""

BULK = """
import pyoxigraph as ox
started = time.perf_counter()
store = ox.Store(args["path"])
store.bulk_load(path=args["nq"], format=ox.RdfFormat.N_QUADS)
store.flush()
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "quads": len(store), "peak_mb": peak_mb()}))
"""

RDFLIB = """
cap_memory(args["rdflib_memory_gb"])
import rdflib
from kg.store.base import QueryResult
started = time.perf_counter()
graph = rdflib.Graph()
graph.parse(args["nt"], format="nt")
seconds = time.perf_counter() - started
print(json.dumps({"load_s": seconds, "triples": len(graph), "peak_mb": peak_mb()}), flush=True)
class Wrapped:
    def query(self, sparql):
        return QueryResult("select", rows=list(graph.query(sparql)))
medians(Wrapped(), args["runs"], args["query_limit"], stream=True)
print(json.dumps({"peak_mb": peak_mb()}), flush=True)
"""

# Virtuoso reads files only below its DirsAllowed, which tests.servers sets to the server's
# own folder: the N-Triples are linked into it. Its default graph is the union of its
# graphs, so one graph holds them all and the catalogue's text runs unchanged. Peak memory
# is the server's (the largest child reaped); the query client is kg.Endpoint, as for
# `kg query --endpoint`, with the check of the default graph made once, not before each query.
VIRTUOSO = """
import os, shutil
import kg
from tests.servers import isql, virtuoso, virtuoso_version
folder = Path(args["folder"])
folder.mkdir(parents=True)
try:
    os.link(args["nt"], folder / "kg.nt")
except OSError:
    shutil.copyfile(args["nt"], folder / "kg.nt")
graph = args["graph"]
quoted = str(folder).replace("'", "''")
with virtuoso(folder, max_rows=100_000_000, buffers=args["buffers"]) as server:
    started = time.perf_counter()
    isql(server.sql, "dba", server.dba_password,
         f"ld_dir('{quoted}', 'kg.nt', '{graph}'); rdf_loader_run(); checkpoint;", timeout=None)
    seconds = time.perf_counter() - started
    listed = isql(server.sql, "dba", server.dba_password,
                  "SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;",
                  timeout=60)
    lines = [line.strip() for line in listed.splitlines()]
    rule = next((i for i, line in enumerate(lines) if line and set(line) == {"_"}), len(lines))
    errors = [line for line in lines[rule + 1 :] if line and "Rows." not in line]
    endpoint = kg.Endpoint(server.sparql, timeout=args["query_limit"] + 5)
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    triples = int(endpoint.query(count).rows[0][0].value)
    dataset = endpoint.dataset()
    class Asked(kg.Endpoint):
        def dataset(self):
            return dataset
    print(json.dumps({"load_s": seconds, "triples": triples, "errors": errors,
                      "db_mb": (folder / "virtuoso.db").stat().st_size / 1e6,
                      "default_graph_is_union": not dataset,
                      "version": virtuoso_version()}), flush=True)
    asked = Asked(server.sparql, timeout=args["query_limit"] + 5)
    medians(asked, args["runs"], args["query_limit"], stream=True)
print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""
