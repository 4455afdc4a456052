import * as z from 'zod';

import { VantageError } from '../../common/errors';
import type { ActionOption, ActionSpec } from '../../common/machines';

function schemaOf(option: ActionOption): z.ZodType {
  switch (option.type) {
    case 'boolean':
      return z.boolean();
    case 'number': {
      let n = z.number().int();
      if (option.min !== undefined) n = n.min(option.min);
      if (option.max !== undefined) n = n.max(option.max);
      return n;
    }
    case 'text':
      return z.string().max(1024);
    case 'choice':
      return z.enum((option.choices ?? []) as [string, ...string[]]);
  }
}

/** Options are checked against the action's own description: unknown or ill-typed options never reach a vendor. */
export function validateOptions(
  action: ActionSpec,
  options: Record<string, unknown>,
): Record<string, unknown> {
  const shape = Object.fromEntries(action.options.map((o) => [o.id, schemaOf(o).optional()]));
  const parsed = z.object(shape).strict().safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new VantageError(
      'INVALID_ARGUMENT',
      `Invalid option for ${action.label}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
      parsed.error.issues,
    );
  }
  return Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
}
