import type { Language } from '../customers/index.ts';
import type { CampaignChannel } from './schema.ts';
import type { CampaignForSend } from './send-types.ts';
import { compileFor, type CompiledTemplate } from './templates.ts';

/** A variant's compiled template in a language, or in the campaign's default if it has none. */
export type Templates = (
  variant: string,
  language: Language,
) => Promise<{ language: Language; template: CompiledTemplate }>;

/** Templates compiled once per variant and language for a whole send (or export). */
export function templateCache(
  campaign: Pick<CampaignForSend, 'variants' | 'defaultLanguage'> & {
    channel?: CampaignChannel | undefined;
  },
): Templates {
  const cache = new Map<string, Promise<CompiledTemplate>>();
  return async (key, wanted) => {
    const variant = campaign.variants.find((v) => v.key === key)!;
    const language = variant.contents[wanted] ? wanted : campaign.defaultLanguage;
    const id = `${key}:${language}`;
    let compiled = cache.get(id);
    if (!compiled) {
      compiled = compileFor(
        campaign.channel ?? 'email',
        variant.contents[language]!,
        `variants.${key}.contents.${language}`,
      );
      cache.set(id, compiled);
    }
    return { language, template: await compiled };
  };
}
