// Policies shared by exports, batches and schedules: where archives may go, which endpoints may be told.
import { Global, Module } from '@nestjs/common';
import { DestinationPolicy } from './destination-policy';
import { NotifyPolicy } from './notify-policy';

@Global()
@Module({ providers: [DestinationPolicy, NotifyPolicy], exports: [DestinationPolicy, NotifyPolicy] })
export class FleetModule {}
