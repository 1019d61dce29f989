#include "pipeline/pipeline_config.h"

namespace belfry {

using namespace config_internal;

Status ReadPipelineSection(const Ctx& ctx, const toml::table& t, PipelineConfig* out) {
  BELFRY_RETURN_IF_ERROR(CheckKeys(
      ctx, t, "pipeline", {"batch_size", "queue_depth", "max_record_bytes", "max_columns",
                               "max_extra_keys", "encode_thread"}));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "pipeline", "max_columns", &out->max_columns));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "pipeline", "max_extra_keys", &out->max_extra_keys));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "pipeline", "encode_thread", &out->encode_thread));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "pipeline", "batch_size", &out->batch_size));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "pipeline", "queue_depth", &out->queue_depth));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, "pipeline", "max_record_bytes", &out->max_record_bytes));
  if (out->batch_size == 0)
    return Fail(ctx.Bad(*t.get("batch_size"), "pipeline.batch_size", "must be at least 1"));
  if (out->queue_depth == 0)
    return Fail(ctx.Bad(*t.get("queue_depth"), "pipeline.queue_depth", "must be at least 1"));
  if (out->max_record_bytes < 1024)
    return Fail(
        ctx.Bad(*t.get("max_record_bytes"), "pipeline.max_record_bytes", "must be at least 1024"));
  if (out->max_columns == 0)
    return Fail(ctx.Bad(*t.get("max_columns"), "pipeline.max_columns", "must be at least 1"));
  return Ok();
}

}  // namespace belfry
