import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SchedulingRequests } from '@atelier/contracts';
import { RequestServer } from '@atelier/messaging';
import { TransferTimes } from './transfer-times.service';

/** NATS requests about the transfer-time matrix: thin, one call each. */
@Injectable()
export class TransferTimesHandlers implements OnModuleInit {
  constructor(
    private readonly requests: RequestServer,
    private readonly transferTimes: TransferTimes,
  ) {}

  onModuleInit(): void {
    this.requests.handle(SchedulingRequests.getTransferTimes, () => this.transferTimes.get());
    this.requests.handle(SchedulingRequests.replaceTransferTimes, (request, ctx) => this.transferTimes.replace(request, ctx));
  }
}
