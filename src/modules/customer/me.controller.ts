import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles, Tenant } from '../../auth/auth.decorators';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiErrorsDescribed, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { CodeParam } from '../../http/code-param.pipe';
import { CustomerService } from './customer.service';
import { addressBookView, meView } from './customer.view';
import { AddressBookResponse, CreateBookAddressDto, MeResponse, ProfileVersionQueryDto, UpdateBookAddressDto, UpdateMeDto } from './dto/customer.dto';

@ApiTags('me')
@ApiBearerAuth()
@Roles('customer')
@Controller('me')
export class MeController {
  constructor(private readonly customers: CustomerService) {}

  @Get()
  @ApiOperation({ summary: 'Your profile; before your first change, what your token says at version 0 (nothing is written by reading)' })
  @ApiResponse({ status: 200, type: MeResponse, description: 'The newest version of your profile' })
  @ApiErrors(401, 403, 504)
  async get(@Tenant() ctx: TenantContext) {
    return meView(await this.customers.mine(ctx));
  }

  @Patch()
  @ApiOperation({ summary: 'Change your name, email (only without a verified one), phone or marketing consent; expectedVersion 0 creates the profile' })
  @ApiResponse({ status: 200, type: MeResponse, description: 'Your profile at its new version', headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrorsDescribed({ 400: 'A field is invalid, or unknown: `notes` and `status` are staff fields (`notes: is not an accepted field`); `email` when your token carries a verified one' })
  @ApiErrors(401, 403, 409, 413, 422, 504)
  async update(@Tenant() ctx: TenantContext, @Body() dto: UpdateMeDto) {
    const { expectedVersion, ...changes } = dto;
    return meView(await this.customers.updateMine(ctx, expectedVersion, changes));
  }

  @Get('addresses')
  @ApiOperation({ summary: 'Your address book and its default shipping and billing addresses' })
  @ApiResponse({ status: 200, type: AddressBookResponse, description: 'The address book of the newest profile version' })
  @ApiErrors(401, 403, 504)
  async addresses(@Tenant() ctx: TenantContext) {
    return addressBookView(await this.customers.mine(ctx));
  }

  @Post('addresses')
  @ApiOperation({ summary: 'Add an address (at most 20); the first becomes both defaults' })
  @ApiResponse({ status: 201, type: AddressBookResponse, description: 'The address book at its new version; the new address is the last item', headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrorsDescribed({ 400: 'A field is invalid, or the book holds 20 addresses already (`fields` names `addresses`)' })
  @ApiErrors(401, 403, 409, 413, 422, 504)
  async addAddress(@Tenant() ctx: TenantContext, @Body() dto: CreateBookAddressDto) {
    const { expectedVersion, defaultShipping, defaultBilling, ...address } = dto;
    return addressBookView(await this.customers.addAddress(ctx, expectedVersion, address, { defaultShipping, defaultBilling }));
  }

  @Patch('addresses/:addressId')
  @ApiOperation({ summary: 'Change an address, or make it (or stop it being) a default' })
  @ApiResponse({ status: 200, type: AddressBookResponse, description: 'The address book at its new version', headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  async changeAddress(@Tenant() ctx: TenantContext, @Param('addressId', CodeParam) addressId: string, @Body() dto: UpdateBookAddressDto) {
    const { expectedVersion, defaultShipping, defaultBilling, ...changes } = dto;
    return addressBookView(await this.customers.changeAddress(ctx, expectedVersion, addressId, changes, { defaultShipping, defaultBilling }));
  }

  @Delete('addresses/:addressId')
  @ApiOperation({ summary: 'Delete an address (a default it was is cleared)' })
  @ApiResponse({ status: 200, type: AddressBookResponse, description: 'The address book at its new version', headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  async removeAddress(@Tenant() ctx: TenantContext, @Param('addressId', CodeParam) addressId: string, @Query() query: ProfileVersionQueryDto) {
    return addressBookView(await this.customers.removeAddress(ctx, query.expectedVersion, addressId));
  }
}
