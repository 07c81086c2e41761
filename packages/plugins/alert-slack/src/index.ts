/**
 * `slack`: an alert channel that posts every alert to a Slack channel through an
 * incoming webhook.
 * @module
 */
import { defineAlert, httpUrlParam, postJson, requestTimeoutParam, z } from '@moex-bot/framework';
import { slackMessage } from './slackMessage.js';

export {
  escapeMrkdwn,
  type SlackBlock,
  type SlackMessage,
  type SlackPoster,
  slackMessage,
} from './slackMessage.js';

/** The parameters an operator writes under `params`. */
export const slackParams = z.strictObject({
  // A secret whose refinement never quotes the value: the URL's path is the credential.
  webhookUrl: httpUrlParam(
    'Incoming webhook URL (https://hooks.slack.com/services/...). Its path is the credential: write it as ${VAR} or ${file:...}',
  ),
  username: z
    .string()
    .min(1)
    .optional()
    .describe('Name to post under; honoured by legacy webhooks only, a Slack app posts as itself'),
  iconEmoji: z
    .string()
    .regex(/^:[a-z0-9_+'-]+:$/, 'must be an emoji code such as :rotating_light:')
    .optional()
    .describe('Emoji to post with, e.g. :rotating_light:; legacy webhooks only'),
  timeoutMs: requestTimeoutParam(),
});

/** Parsed parameters of `slack`. */
export type SlackParams = z.output<typeof slackParams>;

/**
 * Posts each alert to Slack as a mrkdwn message: the subject (`[CRITICAL] risk.halted`)
 * in bold, the message, its context lines and the Moscow time. A failed post rejects with
 * an `AlertDeliveryError` naming only `slack`, never the URL; 408, 429 (with its
 * `Retry-After`), 5xx, timeouts and network errors are retryable, Slack's other refusals
 * (`invalid_payload`, `no_service`, `channel_is_archived`) are not. The host retries;
 * this channel sends each request once.
 * @example
 * ```yaml
 * alerts:
 *   - plugin: slack
 *     params:
 *       webhookUrl: ${SLACK_WEBHOOK_URL}
 * ```
 */
export default defineAlert({
  id: 'slack',
  description: 'Sends alerts to a Slack channel through an incoming webhook',
  params: slackParams,
  create: (params) => ({
    send: async (alert) => {
      const body = JSON.stringify(slackMessage(alert, params));
      await postJson(params.webhookUrl, body, { what: 'slack', timeoutMs: params.timeoutMs });
    },
  }),
});
