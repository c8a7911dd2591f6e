import { Module } from '@nestjs/common';
import { NetworkProjection } from './network.service';
import { TransferTimesHandlers } from './transfer-times.handlers';
import { TransferTimes } from './transfer-times.service';

/** Scheduling's projection of the supplier network (factories, calendars) and the transfer-time matrix. */
@Module({
  controllers: [TransferTimesHandlers],
  providers: [NetworkProjection, TransferTimes],
  exports: [NetworkProjection],
})
export class NetworkModule {}
