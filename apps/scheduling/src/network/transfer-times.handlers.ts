import { Controller } from '@nestjs/common';
import { SchedulingRequests, type ReplyOf, type RequestOf } from '@atelier/contracts';
import { Handles, type RequestContext } from '@atelier/messaging';
import { TransferTimes } from './transfer-times.service';

const { getTransferTimes, replaceTransferTimes } = SchedulingRequests;

/** NATS requests about the transfer-time matrix: thin, one call each. */
@Controller()
export class TransferTimesHandlers {
  constructor(private readonly transferTimes: TransferTimes) {}

  @Handles(getTransferTimes)
  getTransferTimes(): Promise<ReplyOf<typeof getTransferTimes>> {
    return this.transferTimes.get();
  }

  @Handles(replaceTransferTimes)
  replaceTransferTimes(
    request: RequestOf<typeof replaceTransferTimes>,
    ctx: RequestContext,
  ): Promise<ReplyOf<typeof replaceTransferTimes>> {
    return this.transferTimes.replace(request, ctx);
  }
}
