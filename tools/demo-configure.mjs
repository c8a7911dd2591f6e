// The demo customer's configuration: whatever the product model is, reach a complete and
// valid configuration by asking the configurator, one choice at a time, what is still
// possible (the `domains` of POST /v1/products/{id}/configure), so the demo does not
// hard-code a model that its authors may change.

const MAX_ROUNDS = 60;

/**
 * Returns { selections, result } with result.valid && result.complete.
 * say(line) prints a step.
 */
export async function configureProduct(api, token, productId, say) {
  const configure = async (selections) =>
    (await api('POST', `/v1/products/${productId}/configure`, { token, body: { selections } })).body;

  const selections = {};
  let result = await configure(selections);
  const opening = aChoiceOtherThanTheDefault(result);
  for (let round = 0; round < MAX_ROUNDS && !(result.valid && result.complete); round++) {
    if (result.conflicts?.length) {
      throw new Error(
        `configuring ${productId} with ${JSON.stringify(selections)} ran into conflicts: ${JSON.stringify(result.conflicts)}`,
      );
    }
    const suggested = Object.entries(result.defaults ?? {}).filter(([option]) => !(option in selections));
    if (round === 0 && opening) {
      selections[opening.option] = opening.value;
      say(`choose ${opening.option} = ${JSON.stringify(opening.value)}`);
    } else if (suggested.length > 0) {
      // The configurator's defaults are jointly possible with the selections: take them all.
      Object.assign(selections, Object.fromEntries(suggested));
      say(`take the suggested defaults: ${suggested.map(([o, v]) => `${o}=${JSON.stringify(v)}`).join(', ')}`);
    } else {
      const choice = nextChoice(result, selections);
      if (!choice) {
        throw new Error(
          `configuring ${productId}: incomplete, yet no open option left to choose; last answer: ${JSON.stringify(result).slice(0, 600)}`,
        );
      }
      selections[choice.option] = choice.value;
      say(`choose ${choice.option} = ${JSON.stringify(choice.value)}`);
    }
    result = await configure(selections);
  }
  if (!(result.valid && result.complete)) {
    throw new Error(
      `configuring ${productId}: still not complete and valid after ${MAX_ROUNDS} choices: ${JSON.stringify(result).slice(0, 600)}`,
    );
  }
  return { selections, result };
}

/** A real choice to open with: an enumeration option set to something else than its default. */
function aChoiceOtherThanTheDefault(result) {
  for (const [option, domain] of Object.entries(result.domains ?? {})) {
    if (!Array.isArray(domain) || domain.length < 2 || domain.every((v) => typeof v === 'boolean')) continue;
    const value = domain.find((v) => v !== result.defaults?.[option]);
    if (value !== undefined) return { option, value };
  }
  return undefined;
}

/** When no default is suggested: the next unselected option's first possibility. */
function nextChoice(result, selections) {
  for (const [option, domain] of Object.entries(result.domains ?? {})) {
    if (option in selections) continue;
    const value = pickFrom(domain);
    if (value !== undefined) return { option, value };
  }
  return undefined;
}

function pickFrom(domain) {
  if (Array.isArray(domain)) return domain[0];
  if (Array.isArray(domain?.ranges)) return domain.ranges[0]?.[0];
  if (domain?.text) return 'Atelier';
  return undefined;
}
